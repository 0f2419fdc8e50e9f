"""The three field notes the Resources page publishes in full, block by block."""

LORA_NOTE = {
    "slug": "lora-vs-full-sft-vs-rlhf",
    "title": "LoRA vs Full SFT vs RLHF: a production cost-and-quality comparison",
    "dek": (
        'Most teams asking us "should we fine-tune or use RLHF" are asking the wrong question. '
        "The right one is: at what cost, at what scale, and against what failure mode?"
    ),
    "category": "LLM training",
    "series": "Post-training series",
    "reading_time": 12,
    "authors": [("Sharad Shankar", "Founder")],
    "body": [
        (
            "paragraph",
            (
                '<p>Most teams asking us "should we fine-tune or use RLHF" are asking the wrong '
                "question. The right one is: at what cost, at what scale, and against what failure "
                "mode?</p>"
                "<p>Here's what we've seen across roughly forty production engagements over the last "
                "eighteen months.</p>"
            ),
        ),
        ("heading", "LoRA and QLoRA"),
        (
            "paragraph",
            (
                "<p>LoRA works when your domain shift is moderate, your data volume is in the "
                "thousands-to-low-tens-of-thousands of examples, and your latency budget doesn't "
                "require collapsing the adapter into the base weights. At our scale of consumer image "
                "GenAI, LoRA is the workhorse — brand adapters for Photoleaf, style adapters for "
                "LightX, vertical adapters for enterprise creative engines. Cost: typically &lt;$2K "
                "per adapter on A100s. Quality ceiling: high for style and surface behavior, low for "
                "genuinely new capabilities.</p>"
                "<p>When LoRA falls down: when the domain shift is large (e.g. radiology DICOMs vs "
                "natural images), when you need new tokenization (Indic scripts, code), or when the "
                "behavior you want isn't representable in your data — only in your preferences.</p>"
            ),
        ),
        ("heading", "Full supervised fine-tuning"),
        (
            "paragraph",
            (
                "<p>Full SFT is the right move when LoRA's representational capacity is the "
                "bottleneck — typically when you have &gt;100K high-quality examples and a domain "
                "shift that LoRA can't bridge. Cost scales with parameter count: a 7B SFT run is "
                "usually $15–40K in compute; a 70B run is $200K+. Quality ceiling: significantly "
                "higher than LoRA on domain-specific accuracy, but it does nothing for behavior.</p>"
                '<p>When full SFT falls down: when the failure mode isn\'t "wrong answer" but "right '
                'answer, wrong tone" or "right answer, unsafe phrasing." SFT can teach a model what '
                "to say. It cannot reliably teach it what not to say.</p>"
            ),
        ),
        ("heading", "RLHF / DPO / ORPO"),
        (
            "paragraph",
            (
                '<p>This is where most teams under-invest. The shift from "the model knows the '
                'domain" to "the model behaves correctly in deployment" almost always requires '
                "post-training alignment. We've shipped RLHF pipelines using PPO and reward models "
                "for two BFSI clients; DPO for three media and creative clients (faster to iterate, "
                "no separate reward model); and ORPO for one healthcare client where the preference "
                "data was scarce and we needed to combine SFT and preference optimization in a "
                "single pass.</p>"
                "<p>Cost: surprisingly often dominated by preference data collection, not compute. "
                "Plan for $20–80K in human annotation for a serious RLHF pipeline. Compute itself is "
                "usually &lt;$30K for a 7B model.</p>"
                "<p>When RLHF falls down: when you don't actually have a behavioral failure mode — "
                "you have an accuracy failure mode. RLHF won't fix \"the model doesn't know our "
                'product catalog." SFT will.</p>'
            ),
        ),
        ("heading", "The decision framework we use with clients"),
        (
            "paragraph",
            (
                "<ol>"
                "<li>What's the failure mode? Wrong answer → SFT or pretraining. Wrong behavior → "
                "alignment.</li>"
                "<li>What's your data shape? &lt;10K examples → LoRA. 10K–100K → LoRA or SFT "
                "depending on domain shift. &gt;100K → SFT. Preferences instead of correct answers → "
                "alignment.</li>"
                "<li>What's your latency budget? Sub-50ms → likely need distillation after any of "
                "the above.</li>"
                "<li>What's your inference scale? At &gt;10M requests/day, the cost of compression "
                "and routing dominates everything else.</li>"
                "</ol>"
                "<p>The common mistake: treating these as alternatives. In production, the right "
                "answer is usually all three in sequence — LoRA or SFT first, then alignment, then "
                "compression. The packages we sell are shaped around exactly that sequence.</p>"
            ),
        ),
    ],
}

DEBUGGING_NOTE = {
    "slug": "mid-training-debugging-catching-divergence-at-hour-40",
    "title": "Mid-training debugging: catching divergence at hour 40",
    "dek": (
        "The expensive failures don't happen at the start of a training run. They happen forty "
        "hours in, on a Saturday, when no one's watching the dashboard."
    ),
    "category": "Training observability",
    "series": None,
    "reading_time": 9,
    "authors": [("AndOr training infrastructure team", "")],
    "body": [
        (
            "paragraph",
            (
                "<p>The expensive failures don't happen at the start of a training run. They happen "
                "forty hours in, on a Saturday, when no one's watching the dashboard. Loss is still "
                "going down. Token efficiency looks normal. Then somewhere between checkpoint 18 and "
                "checkpoint 19, gradient norm spikes by 12x, and by the time anyone notices on "
                "Monday, you've written eighteen hours of garbage to disk and the next four "
                "checkpoints are unrecoverable.</p>"
                "<p>This is the failure mode we built our mid-training observability practice to "
                "catch. Here's what we instrument and what we look at.</p>"
            ),
        ),
        ("heading", "What we track (beyond loss)"),
        (
            "paragraph",
            (
                "<p>Loss is the dashboard everyone has. It's also the dashboard that will lie to you "
                "for the longest. By the time loss starts looking wrong, the divergence has been "
                "building for hours. The leading indicators we actually watch:</p>"
                "<ul>"
                "<li>Gradient norm — sudden 5x+ spikes are the canonical divergence signal. Set "
                "alerts at 3x rolling baseline.</li>"
                "<li>Gradient norm variance across the batch — rising variance with stable mean is "
                "often a sign of a few pathological examples poisoning the run.</li>"
                "<li>Token efficiency (useful tokens / total tokens) — drops here usually mean your "
                "data loader is starting to feed degenerate sequences.</li>"
                "<li>Hardware utilization — sudden drops mean you're stalling on I/O, which often "
                "means your dataset shard is corrupt.</li>"
                "<li>Activation norms at chosen layers — for long runs, these drift in "
                "characteristic ways before loss does.</li>"
                "</ul>"
            ),
        ),
        ("heading", "Intervention playbook"),
        (
            "paragraph",
            (
                "<p>When gradient norm spikes:</p>"
                "<ol>"
                "<li>Pause the run (not kill — pause from a checkpoint).</li>"
                "<li>Inspect the most recent batch. 90% of the time it's bad data.</li>"
                "<li>If data looks clean, drop LR by 10x and resume from the pre-spike "
                "checkpoint.</li>"
                "<li>If that fails twice, the issue is architectural — likely a numerical stability "
                "problem you should have caught in the ablation phase.</li>"
                "</ol>"
                "<p>When token efficiency drops:</p>"
                "<ol>"
                "<li>Check the shard your loader is currently on.</li>"
                "<li>Validate against your data quality checksum (you do have one).</li>"
                "<li>Skip the shard if necessary — never silently downsample.</li>"
                "</ol>"
                "<p>When hardware utilization tanks:</p>"
                "<ol>"
                "<li>Check disk I/O. Then network. Then your gradient synchronization step.</li>"
                "<li>NCCL hangs are the silent killer. Set explicit timeouts and dump rank-level "
                "state on timeout.</li>"
                "</ol>"
            ),
        ),
        ("heading", "The thing no one tells you"),
        (
            "paragraph",
            (
                "<p>The most expensive mistake in long training runs isn't the divergence itself. "
                "It's not having a clean rollback target. Every team we've worked with that lost "
                'meaningful compute did so because their checkpointing strategy was "save every N '
                'steps" without retention policy — and by the time they noticed the run was '
                "diverging, the last clean checkpoint had been overwritten.</p>"
                "<p>Save more checkpoints than you think you need. Tier them — keep every 5th "
                "checkpoint indefinitely, every checkpoint for the last 24 hours. Storage is cheap. "
                "Re-running pretraining is not.</p>"
            ),
        ),
    ],
}

COMPRESSION_NOTE = {
    "slug": "post-training-cost-engineering",
    "title": (
        "Post-training cost engineering: distillation, quantization, and speculative decoding "
        "in real deployments"
    ),
    "dek": (
        'A capable model is not a deployable model. The gap between "passing eval" and '
        '"running profitably at scale" is closed by post-training compression — and most teams '
        "get this wrong."
    ),
    "category": "Inference optimization",
    "series": None,
    "reading_time": 11,
    "authors": [("AndOr inference engineering team", "")],
    "body": [
        (
            "paragraph",
            (
                '<p>A capable model is not a deployable model. The gap between "passing eval" and '
                '"running profitably at scale" is closed by post-training compression — and most '
                "teams get this wrong by trying to do it all at once, or by treating it as an "
                "afterthought.</p>"
                "<p>Here's what we've learned shipping compressed models to consumer-scale LightX "
                "traffic and to two BFSI clients running models in their VPCs.</p>"
            ),
        ),
        ("heading", "Distillation"),
        (
            "paragraph",
            (
                "<p>The highest-impact lever, by a wide margin. A well-distilled student model at "
                "1/4 the parameter count of its teacher will often retain 92–97% of the teacher's "
                "domain accuracy at 4x the throughput. We use distillation in nearly every "
                "production engagement.</p>"
                "<p>Two failure modes we see constantly:</p>"
                "<ul>"
                "<li>Distilling from a teacher that hasn't been aligned. The student inherits all "
                "the misalignment, plus a smaller capacity to recover from it. Align first, distill "
                "second.</li>"
                "<li>Distilling on the wrong data distribution. Your distillation corpus should look "
                "like production traffic, not like your training data. This is non-obvious and "
                "routinely overlooked.</li>"
                "</ul>"
            ),
        ),
        ("heading", "Quantization"),
        (
            "paragraph",
            (
                "<p>INT8 is essentially free for most modern architectures — do it. INT4 is where "
                "things get interesting. Quantization-aware training (QAT) almost always beats "
                "post-training quantization (PTQ) at INT4, but costs an additional fine-tuning "
                "pass.</p>"
                "<p>When PTQ is enough: short-context inference, models where you can tolerate 1–2% "
                "accuracy loss, deployments where the cost saving matters more than the marginal "
                "quality.</p>"
                "<p>When QAT is worth it: latency-critical deployments, models in regulated domains "
                "where accuracy regressions need to be defensible, long-context workloads where PTQ "
                "quality degrades nonlinearly.</p>"
            ),
        ),
        ("heading", "Speculative decoding"),
        (
            "paragraph",
            (
                "<p>Cheapest latency win in the stack if your traffic pattern fits. We've seen 2–3x "
                "throughput improvements on autoregressive workloads with no accuracy loss. The "
                "draft model can often be a 2x smaller version of your production model — even a "
                "quantized version of it.</p>"
                "<p>When it doesn't help: very short outputs (the speculation overhead dominates), "
                "batch sizes &gt;32 (you're already throughput-bound, not latency-bound), and "
                "workloads with high output entropy (acceptance rates collapse).</p>"
            ),
        ),
        ("heading", "The order that works"),
        (
            "paragraph",
            (
                "<p>We almost always run these in this sequence:</p>"
                "<ol>"
                "<li>Align the full-size model</li>"
                "<li>Distill to target size</li>"
                "<li>Quantize (QAT if you can afford the training pass, PTQ if not)</li>"
                "<li>Layer speculative decoding on top if traffic pattern fits</li>"
                "</ol>"
                "<p>The order matters. Quantizing before alignment is a common and expensive "
                "mistake — alignment doesn't transfer cleanly across precisions. Same for distilling "
                "before alignment.</p>"
            ),
        ),
        ("heading", "The cost calculation teams get wrong"),
        (
            "paragraph",
            (
                "<p>Compression isn't about per-token cost. It's about end-to-end serving cost — "
                "including the engineering hours to maintain the compressed pipeline, the eval "
                "harness needed to detect quality regressions, and the rollback infrastructure for "
                "when compression turns out to have broken something subtle.</p>"
                "<p>Budget for the operational tail, not just the compute saving.</p>"
            ),
        ),
    ],
}

FULL_NOTES = [LORA_NOTE, DEBUGGING_NOTE, COMPRESSION_NOTE]
