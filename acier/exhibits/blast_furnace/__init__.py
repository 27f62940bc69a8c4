"""The blast-furnace exhibit: charge ore, coke and limestone, blow hot air, tap iron."""
