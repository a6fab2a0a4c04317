#!/usr/bin/env python3
"""Shares of the app's stream thread in a JFR recording, as tabled in docs/performance.md.

Usage: jfr print --events jdk.ExecutionSample --stack-depth 64 app.jfr > samples.txt
       python3 bench/tools/jfr_shares.py samples.txt
A share is the fraction of the stream thread's execution samples whose stack contains the frame
(or, for a processor's store calls, whose frame directly below the processor is that call).
"""
import sys, re, collections
text=open(sys.argv[1]).read()
evs=text.split("jdk.ExecutionSample {")[1:]
n=0; c=collections.Counter()
def has(fr, name): return any(name in f for f in fr)
def callee_of(fr, target):
    for i,f in enumerate(fr):
        if target in f: return fr[i-1] if i>0 else "<self>"
    return None
for ev in evs:
    m=re.search(r'sampledThread = "([^"]*)"',ev)
    if not m or not re.search(r'StreamThread-\d+"?$', m.group(1)) : continue
    if "stackTrace = [" not in ev: continue
    fr=[re.sub(r'\(.*','',f.strip()) for f in ev.split("stackTrace = [")[1].split("\n  ]")[0].strip().split("\n")]
    n+=1
    if has(fr,"IntakeProcessor.process"): c["intake incl"]+=1
    cl=callee_of(fr,"IntakeProcessor.process")
    if cl and "forward" not in cl: c["intake own"]+=1
    cl=callee_of(fr,"LatestStatementProcessor.process")
    if cl:
        if "put" in cl: c["stmt put"]+=1
        elif ".get" in cl: c["stmt get"]+=1
        elif "forward" in cl: c["repartition sink"]+=1
    cl=callee_of(fr,"GoalProgressProcessor.process")
    if cl:
        if "put" in cl: c["goal put"]+=1
        elif ".get" in cl: c["goal get"]+=1
    if has(fr,"SchemaRegistryAvroSerializer.serialize"): c["encode"]+=1
    if has(fr,"SchemaRegistryAvroDeserializer.deserialize"): c["decode"]+=1
    if has(fr,"HttpSchemaRegistryClient") or has(fr,"BoundedCache"): c["registry"]+=1
    if has(fr,"Sensor.record"): c["metrics"]+=1
    if has(fr,"TaskManager.commit"): c["commit"]+=1
    if has(fr,"StreamThread.pollPhase"): c["poll"]+=1
print("stream thread samples", n)
for k in ["intake incl","intake own","stmt put","stmt get","repartition sink","goal put","goal get","encode","decode","registry","metrics","commit","poll"]:
    print(f"  {k:18s} {c[k]:4d} {100*c[k]/n:5.1f}%")
