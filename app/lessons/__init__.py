"""Lesson mode in the window: a panel (title, progress, the step's text, Next/Back, jump), a
predict-then-run question, the Lessons menu and the handout export. The lesson itself (format, claims,
session state) is core.lessons; this package only shows it."""
