"""One module per screen; each owns its view state and reads the app's session."""
