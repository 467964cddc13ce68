"""The Qt user interface: main window, controls and panels."""
