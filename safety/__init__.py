"""Safety: prompt classifier, output checks, likeness consent, teen policy, moderation queue.

Domain code: must not import api/, actors/ or Ray. (The generation chain's issue brings the first
classifiers here.)
"""
