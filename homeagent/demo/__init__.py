"""The embedded demo stack: a simulated phone line now; the reference API server later."""
