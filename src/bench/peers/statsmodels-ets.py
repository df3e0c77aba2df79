"""Peer for `npm run bench -- forecast`: statsmodels' Holt-Winters on the same series and origins.

Reads {"values": [...], "origins": [o, ...], "horizon": h} on stdin; for each origin fits
ExponentialSmoothing(values[:o], trend="add", damped_trend=True, seasonal="add", seasonal_periods=7)
with its default estimated initial states and prints {"forecasts": [[...], ...], "seconds": s,
"version": v, "failed": n} (seconds = fitting and forecasting only).
"""
import json
import sys
import time
import warnings

import numpy as np
import statsmodels
from statsmodels.tsa.holtwinters import ExponentialSmoothing

job = json.load(sys.stdin)
y = np.asarray(job["values"], dtype=float)
h = int(job["horizon"])
forecasts = []
failed = 0
seconds = 0.0
for o in job["origins"]:
    steps = min(h, len(y) - o)
    started = time.perf_counter()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            fit = ExponentialSmoothing(y[:o], trend="add", damped_trend=True, seasonal="add", seasonal_periods=7, initialization_method="estimated").fit()
        f = fit.forecast(steps)
    except Exception:  # a failed fit is reported, and scored as seasonal naive would not be: as the last value
        failed += 1
        f = np.repeat(y[o - 1], steps)
    seconds += time.perf_counter() - started
    forecasts.append([float(v) for v in f])
print(json.dumps({"forecasts": forecasts, "seconds": seconds, "version": statsmodels.__version__, "failed": failed}))
