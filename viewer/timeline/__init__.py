"""DevTools-style timeline: pure time/lane maths and one custom-painted widget."""
