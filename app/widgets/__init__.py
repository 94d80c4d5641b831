"""Controls: each one only calls the model's setters and follows its changed signals."""
