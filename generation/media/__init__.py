"""Media I/O: MP4 files (H.264 video + AAC audio) to and from numpy arrays."""
