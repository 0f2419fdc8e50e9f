"""The demo home page, privacy policy and social image, as an editor would make them (used by
load_demo_content).

Every claim here is one the firm's published Resources page makes: its packages (the Discovery
Sprint, fixed-scope fixed-fee packages, Managed AI Operations), its figures (50M+ users, 22
Indian languages, roughly forty production engagements in eighteen months) and its terms. The
privacy policy describes what this site's code stores (README.md: newsletter, Book a Call,
document downloads, search).
"""

import io

from django.core.files.images import ImageFile
from django.utils.html import escape
from wagtail.images import get_image_model

HOME_SEO_TITLE = "AI engineering that ships to production"
HOME_SEARCH_DESCRIPTION = (
    "AndOr takes AI initiatives from notebook to production: fixed scope, fixed timeline, "
    "fixed fee per package. We've shipped AI to 50M+ users."
)

HOME_HERO = {
    "hero_eyebrow": "AndOr · AI engineering",
    "hero_heading": "Shipping AI to production, not to slide decks.",
    "hero_intro": (
        "What actually moves an AI initiative from notebook to production. Fixed scope, fixed "
        "timeline, fixed fee per package. No T&M surprises."
    ),
}

PACKAGES = {
    "eyebrow": "How we work",
    "heading": "Fixed scope, fixed timeline, fixed fee per package.",
    "intro": (
        "Our fixed-fee model works for startups and large enterprises alike. Code, fine-tuned "
        "weights, and trained models are yours."
    ),
    "packages": [
        {
            "name": "Discovery Sprint",
            "summary": (
                "Decides whether you need fine-tuning, RAG or an off-the-shelf API. We're agnostic."
            ),
        },
        {
            "name": "Fixed-scope build packages",
            "summary": (
                "Shaped around the sequence production needs: LoRA or SFT first, then "
                "alignment, then compression. A PoC runs in 4–8 weeks for most use cases, "
                "depending on data readiness, on-prem, in your VPC, or as managed SaaS."
            ),
        },
        {
            "name": "Managed AI Operations",
            "summary": "Ongoing support after launch: monitoring, retraining, and roadmap.",
        },
    ],
}

PROOF_POINTS = {
    "eyebrow": "Track record",
    "heading": "Shipped to production, at population scale.",
    "points": [
        {"figure": "50M+", "label": "users we have shipped AI to"},
        {"figure": "22", "label": "Indian languages in our vernacular OCR and NLU"},
        {"figure": "~40", "label": "production engagements in the last eighteen months"},
    ],
}

LATEST_NOTES = {
    "eyebrow": "Field notes",
    "heading": "Short writing from our engineering team.",
    "more_heading": "Latest notes",
    "count": 4,
}

WHITEPAPERS_HEADING = {
    "eyebrow": "Whitepapers",
    "heading": "Long-form arguments worth your time.",
}

CALL_TO_ACTION = {
    "eyebrow": "Next step",
    "heading": "Have an AI initiative that needs to actually ship?",
    "button_label": "Book a Call",
}

PRIVACY = {
    "title": "Privacy policy",
    "slug": "privacy",
    "search_description": (
        "What the AndOr website keeps about you (newsletter consent, enquiries, download "
        "counts), what it never collects, and how to see or erase your data."
    ),
    "hero_eyebrow": "Privacy",
    "hero_heading": "Privacy policy",
    "hero_intro": (
        "What this website keeps about you, why, for how long, and how to see or erase it."
    ),
}


def _p(*sentences):
    return "".join(f"<p>{escape(s)}</p>" for s in sentences)


def _ul(*items):
    return "<ul>" + "".join(f"<li>{escape(i)}</li>" for i in items) + "</ul>"


def privacy_body(contact_email):
    mail = f'<a href="mailto:{contact_email}">{contact_email}</a>'
    return [
        ("heading", {"text": "What this site keeps", "level": "h2", "anchor": "what-we-keep"}),
        ("heading", {"text": "The newsletter", "level": "h3", "anchor": "newsletter"}),
        (
            "paragraph",
            _p(
                "When you sign up we keep your email address (in lower case), whether your "
                "subscription is waiting for confirmation, confirmed or ended, and when you "
                "signed up, were sent the confirmation email, confirmed and unsubscribed.",
                "We also keep a consent record that is never changed afterwards: each consent "
                "given, confirmed and withdrawn, with its time, its purpose, the exact wording "
                "you agreed to, the page the form was on, and how it happened (the form, the "
                "confirmation link, the unsubscribe page, one click from your mail program, or "
                "one of our editors).",
            )
            + _p(
                "We send nothing but the confirmation email until you confirm. Sign-ups never "
                "confirmed are deleted with their record 30 days after the last confirmation "
                "email."
            ),
        ),
        ("heading", {"text": "Book a Call enquiries", "level": "h3", "anchor": "enquiries"}),
        (
            "paragraph",
            _p(
                "What you type into the Book a Call form (your name, work email, company, what "
                "you want to build and when suits you for a call) is stored and emailed to us, "
                "so that we can answer. We use it only to answer your request."
            ),
        ),
        ("heading", {"text": "Downloads and searches", "level": "h3", "anchor": "counts"}),
        (
            "paragraph",
            _p(
                "We count how often each whitepaper is downloaded, per day, and nothing else: "
                "no address, browser or account. We count the words people search for, not "
                "who searched; those counts are deleted after seven days."
            ),
        ),
        ("heading", {"text": "What we never collect", "level": "h2", "anchor": "never"}),
        (
            "paragraph",
            _ul(
                "No analytics, advertising or tracking of any kind, and no requests to other "
                "companies' servers (fonts, scripts) when you read a page.",
                "No IP address or browser details with your newsletter consent or your "
                "enquiry. To stop abuse, the number of recent sign-ups, enquiries and searches "
                "from a network address is counted in memory for a minute, never stored.",
                "The only cookies are the one forms need against forgery and, if you open a "
                "password-protected page, a session cookie.",
            ),
        ),
        ("heading", {"text": "Your rights", "level": "h2", "anchor": "your-rights"}),
        (
            "paragraph",
            _p(
                "Under the GDPR (Articles 15 and 17) and India's Digital Personal Data "
                "Protection Act (sections 11 and 12) you may see the data we hold about you and "
                "have it erased, and you may withdraw your consent at any time."
            )
            + _ul(
                "Withdraw consent: every newsletter email has an unsubscribe link that needs no "
                "login, and your mail program can unsubscribe in one click.",
                "See your data: we send you an export of your subscription, its whole consent "
                "history with the wording you agreed to, and every form submission that "
                "mentions your address.",
                "Erase your data: we delete your subscription, its consent history and those "
                "form submissions. Nothing about your address is kept afterwards.",
            ),
        ),
        ("heading", {"text": "How to ask", "level": "h2", "anchor": "how-to-ask"}),
        (
            "paragraph",
            f"<p>Write to {mail} from the address concerned and say whether you want an export "
            "or an erasure. We run it with the site's data-rights tools and reply to that "
            "address.</p>",
        ),
    ]


def social_image_file(site_name="AndOr", tagline="Field notes from shipping AI at scale."):
    """A 1200×630 PNG card drawn with Pillow: the firm's name and a line from its page."""
    from PIL import Image, ImageDraw, ImageFont

    width, height = 1200, 630
    image = Image.new("RGB", (width, height), "#10131a")
    draw = ImageDraw.Draw(image)
    draw.rectangle([0, height - 18, width, height], fill="#b4400f")
    draw.text((80, 200), site_name, font=ImageFont.load_default(size=150), fill="#f6f4ef")
    draw.text((84, 400), tagline, font=ImageFont.load_default(size=52), fill="#d9d4c7")
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    out.seek(0)
    return ImageFile(out, name="andor-social-card.png")


SOCIAL_IMAGE_TITLE = "AndOr social card"


def social_image():
    """The demo's default social image: (image, created). Leaves an existing one be."""
    model = get_image_model()
    existing = model.objects.filter(title=SOCIAL_IMAGE_TITLE).first()
    if existing:
        return existing, False
    image = model(title=SOCIAL_IMAGE_TITLE, file=social_image_file())
    image.save()
    return image, True
