"""What the panels, the timeline and the exports say about frames, in words: pure Python, no Qt.

Which frames a panel lists, their one-line descriptions, filters and sorting, error and network
details as text, metadata rows and trace trees. The Qt panels only show what these return.
"""
