"""The Resources page as published: the copy an editor enters, section by section."""

import datetime

from .notes_full import FULL_NOTES

SITE_NAME = "AndOr"
CONTACT_EMAIL = "hello@andor.in"

HOME = {
    "title": "Home",
    "hero_heading": "AndOr",
    "cta": {
        "eyebrow": "RESOURCES",
        "heading": "FAQs, Whitepapers, and AI Insights",
        "button_label": "Resources",
    },
}

RESOURCES = {
    "title": "Resources",
    "slug": "resources",
    "seo_title": "Resources — FAQs, Whitepapers, and AI Insights",
    "search_description": (
        "FAQs, whitepapers, and writing from our engineering team on what actually moves an AI "
        "initiative from notebook to production."
    ),
    "hero_eyebrow": "RESOURCES · FIELD NOTES",
    "hero_heading": "Field notes from shipping AI at scale.",
    "hero_intro": (
        "FAQs, whitepapers, and writing from our engineering team on what actually moves an AI "
        "initiative from notebook to production."
    ),
}

FAQ_SECTION = {
    "eyebrow": "FAQ",
    "heading": "Twelve questions we hear most often.",
    "intro": (
        f'<p>If yours isn\'t here, write to <a href="mailto:{CONTACT_EMAIL}">{CONTACT_EMAIL}</a>'
        ".</p>"
    ),
}

# (anchor, question, answer)
FAQS = [
    (
        "pricing",
        "How do you price engagements?",
        "Fixed scope, fixed timeline, fixed fee per package. No T&M surprises.",
    ),
    (
        "ip-ownership",
        "Who owns the IP we build together?",
        "You do. Code, fine-tuned weights, and trained models are yours.",
    ),
    (
        "deployment",
        "Can you deploy on our infrastructure?",
        "Yes — on-prem, your VPC, or managed SaaS. Your governance, your call.",
    ),
    (
        "data-privacy",
        "How do you handle data privacy and compliance?",
        "GDPR-compliant by default; EU AI Act conformity; India DPDP; HIPAA where the "
        "engagement requires.",
    ),
    (
        "fine-tuning-rag-api",
        "What if we need fine-tuning vs RAG vs an off-the-shelf API?",
        "That's exactly what the Discovery Sprint decides. We're agnostic.",
    ),
    (
        "poc-timeline",
        "How quickly can you get a PoC running?",
        "4–8 weeks for most use cases, depending on data readiness.",
    ),
    (
        "startups",
        "Do you work with startups, or only large enterprises?",
        "Both. Our fixed-fee model works for either.",
    ),
    (
        "hallucinations-safety",
        "What about model hallucinations and safety?",
        "Every production system ships with evaluation harnesses, guardrails, and "
        "human-in-the-loop escalation paths.",
    ),
    (
        "indian-languages",
        "Can you handle Indian languages and scripts?",
        "Yes — we run proprietary vernacular OCR and NLU across 22 Indian languages.",
    ),
    (
        "team",
        "What's your typical team composition?",
        "ML architect + ML engineers + MLOps + product + QA. Sized to scope.",
    ),
    (
        "support",
        "Do you provide ongoing support after launch?",
        "Yes — the Managed AI Operations package covers monitoring, retraining, and roadmap.",
    ),
    (
        "difference",
        "How is AndOr different from other AI consultancies?",
        "We've shipped AI to 50M+ users. Most “AI consultancies” have shipped AI to slide decks.",
    ),
]

WHITEPAPER_SECTION = {
    "eyebrow": "WHITEPAPERS",
    "heading": "Long-form arguments worth your time.",
    "intro": (
        "Each whitepaper is a self-contained POV on a hard problem — written by the engineers "
        "who run that problem in production."
    ),
}

WHITEPAPERS = [
    {
        "code": "WP-01",
        "year": 2026,
        "title": "VLMs in 2026",
        "subtitle": "The Enterprise Playbook",
        "summary": (
            "How vision-language models move from research to enterprise production. "
            "Architecture choices, evaluation, cost."
        ),
    },
    {
        "code": "WP-02",
        "year": 2026,
        "title": "Vernacular AI",
        "subtitle": "Building NLU for India's 22 Languages",
        "summary": (
            "Script-specific detection, Indic NLU, and the data engineering behind "
            "population-scale vernacular AI."
        ),
    },
    {
        "code": "WP-03",
        "year": 2026,
        "title": "From PoC to Production",
        "subtitle": "Why 80% of Enterprise AI Stalls",
        "summary": (
            "The operating-model failures that kill AI initiatives — and the engagement "
            "structure that gets past them."
        ),
    },
    {
        "code": "WP-04",
        "year": 2026,
        "title": "Computer Vision Economics",
        "subtitle": "Cost, Latency, Accuracy Trade-offs",
        "summary": (
            "The three-axis tradeoff that decides CV system design — and where consumer-scale "
            "deployment changes the math."
        ),
    },
]

FIELD_NOTES_SECTION = {
    "eyebrow": "FIELD NOTES",
    "heading": "Short writing from our engineering team.",
    "more_heading": "MORE NOTES",
}

# The published page gives these notes a month, a title and a summary, nothing more: the
# summary is their dek and their body. Listed newest first, as on the page.
SHORT_NOTES = [
    (
        datetime.date(2026, 3, 1),
        "Distilling SAM for consumer phones",
        "How we shrunk a foundation segmentation model into a 7MB student that runs in 80ms on "
        "mid-range Androids.",
    ),
    (
        datetime.date(2026, 2, 1),
        "LoRA vs full SFT: the decision rule we actually use",
        "An opinionated frame for when LoRA is enough — and the data-volume thresholds where "
        "you should pay for full SFT.",
    ),
    (
        datetime.date(2026, 2, 1),
        "Indic OCR: conjuncts, ligatures, and what breaks vanilla CRNNs",
        "A tour of why generic OCR underperforms on Devanagari and Bengali — and the "
        "architecture choices that fix it.",
    ),
    (
        datetime.date(2026, 1, 1),
        "Designing eval harnesses for VLMs",
        "Why hallucination, refusal, and modality leakage need separate evals — and how we "
        "structure them in production.",
    ),
    (
        datetime.date(2025, 12, 1),
        "RAG isn't a model. It's a system.",
        "Most RAG failures are retrieval failures, chunking failures, or eval failures — not "
        "LLM failures. A field debug guide.",
    ),
    (
        datetime.date(2025, 12, 1),
        "Generative cost engineering at consumer ARPU",
        "The scheduler tricks, model cascades, and quantization choices that let us serve 5M "
        "designs/month profitably.",
    ),
]

NEWSLETTER = {
    "eyebrow": "NEWSLETTER",
    "heading": "One field note. Once a month.",
    "text": (
        "No marketing fluff. Practical, technical writing from the team that ships AI to "
        "50 million users."
    ),
}
PRIVACY_LINE = "NO SPAM · UNSUBSCRIBE ANY TIME · DPDP & GDPR COMPLIANT"

CALL_TO_ACTION = {
    "eyebrow": "NEXT STEP",
    "heading": "Have an AI initiative that needs to actually ship?",
    "button_label": "Book a Call",
}

__all__ = [
    "CALL_TO_ACTION",
    "CONTACT_EMAIL",
    "FAQ_SECTION",
    "FAQS",
    "FIELD_NOTES_SECTION",
    "FULL_NOTES",
    "HOME",
    "NEWSLETTER",
    "PRIVACY_LINE",
    "RESOURCES",
    "SHORT_NOTES",
    "SITE_NAME",
    "WHITEPAPER_SECTION",
    "WHITEPAPERS",
]
