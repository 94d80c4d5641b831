"""Writers that need no window: trajectory and sweep data (CSV, JSON) and frames → GIF/MP4."""
