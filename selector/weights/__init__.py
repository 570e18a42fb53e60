"""Where the weights come from: presets, their derivation, and AHP pairwise comparison."""
