"""Views: they draw the model (landscape, loss plot, status) and never change it except through setters."""
