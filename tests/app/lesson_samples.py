"""A small teacher-written lesson the lesson tests open: two race steps, one question with measured numbers."""

TEACHER_LESSON = {
    "losslab_lesson": 1,
    "id": "teacher_canyon",
    "title": "A teacher's canyon",
    "topic": "Momentum",
    "steps": [
        {"title": "Canyon race",
         "text": "SGD reaches loss 1e-4 at step {sgd}; momentum at step {mom}.",
         "scene": {"preset": "lesson_canyon"},
         "tab": "race",
         "controls": ["optimizers", "playback"],
         "question": {"prompt": "Which reaches loss 1e-4 first?", "choices": ["SGD", "Momentum"],
                      "answer": 1, "explain": "Momentum at step {mom}, SGD at step {sgd}."},
         "claims": [{"kind": "reaches_loss", "id": "sgd", "run": 0, "loss": 1e-4},
                    {"kind": "reaches_loss", "id": "mom", "run": 1, "loss": 1e-4}]},
        {"title": "Another surface",
         "text": "The surface and the global scales are yours now.",
         "scene": {"preset": "race_beale"},
         "tab": "race",
         "controls": ["surface", "scale", "playback"]},
    ],
}
