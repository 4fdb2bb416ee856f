"""The secret detector's parts: `formats` is the table of provider secret formats (the
*certain secret* tier's token shapes), written for an anchored fast path."""
