"""Judges of clips: object tracking from pixels, physics checks, prompt adherence, cross-shot
consistency, audio-visual sync and loudness, gathered into one report. They see only the MP4
(frames, audio, fps) and a prompt or ScenePlan, never simulator state. No Ray, no HTTP."""
