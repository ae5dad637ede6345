#!/usr/bin/env python3
"""Server instructions per request, measured with callgrind (deterministic, unlike wall clock).

Usage: bench/callgrind.py PATH/TO/ddb N OPERATION [--disk] [--items K] [--signed] [--credentials]
OPERATION: get, put, query, scan, partiql-get or partiql-query.
Starts `ddb serve --in-memory --threads 1` (with --disk: on a fresh data directory in /tmp)
under valgrind, loads 200 (or K) items of ~1 KB in 50 partitions, sends N sequential requests
and prints the total instructions. Run it with two values of N and divide the difference of
the totals by the difference of N: start-up and loading cancel out. scan reads the table's
first two pages of 100 items (one "request" is both pages). partiql-get and partiql-query are
get's and query's reads as ExecuteStatement (`SELECT * FROM "bench" WHERE pk = ? AND sk = ?`,
`... WHERE pk = ?`). The callgrind output stays in /tmp (its path is printed last) for
callgrind_annotate. --signed signs each request for real (SigV4, as botocore does) instead of
with a dummy signature; --credentials also starts the server with that key, so it verifies
every signature. Needs valgrind (Debian package).
"""
import http.client, json, sys, subprocess, time, os, re, shutil, tempfile
binary, n, op = sys.argv[1], int(sys.argv[2]), sys.argv[3]
flags = sys.argv[4:]
disk = "--disk" in flags
items = int(flags[flags.index("--items") + 1]) if "--items" in flags else 200
out = f"/tmp/ddb-callgrind.{os.getpid()}.out"
data_dir = tempfile.mkdtemp(prefix="ddb-callgrind.") if disk else None
storage = ["--data-dir", data_dir] if disk else ["--in-memory"]
signed = "--signed" in flags or "--credentials" in flags
verify = []
if "--credentials" in flags:
    creds = tempfile.NamedTemporaryFile("w", suffix=".json", delete=False)
    json.dump({"Credentials": [{"AccessKeyId": "AKIDBENCH", "SecretAccessKey": "bench-secret"}]}, creds)
    creds.close()
    verify = ["--credentials", creds.name]
p = subprocess.Popen(["valgrind","--tool=callgrind",f"--callgrind-out-file={out}","--dump-instr=no",binary,"serve",*storage,*verify,"--port","18555","--threads","1","--log-level","error"],stdout=subprocess.PIPE,stderr=subprocess.DEVNULL)
p.stdout.readline()
c = http.client.HTTPConnection("127.0.0.1",18555)
AUTH="AWS4-HMAC-SHA256 Credential=a/20240101/us-east-1/dynamodb/aws4_request, SignedHeaders=host;x-amz-date, Signature=0"
def sigv4(target, payload):
    """The headers of a request signed as botocore signs it (key AKIDBENCH, now)."""
    import datetime, hashlib, hmac
    stamp = datetime.datetime.now(datetime.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    h = {"content-type": "application/x-amz-json-1.0", "host": "127.0.0.1:18555",
         "x-amz-date": stamp, "x-amz-target": "DynamoDB_20120810." + target}
    names = sorted(h)
    canonical = "\n".join(["POST", "/", "", "".join(f"{k}:{h[k]}\n" for k in names), ";".join(names), hashlib.sha256(payload).hexdigest()])
    scope = f"{stamp[:8]}/us-east-1/dynamodb/aws4_request"
    to_sign = "\n".join(["AWS4-HMAC-SHA256", stamp, scope, hashlib.sha256(canonical.encode()).hexdigest()])
    k = b"AWS4bench-secret"
    for part in (stamp[:8], "us-east-1", "dynamodb", "aws4_request"):
        k = hmac.new(k, part.encode(), hashlib.sha256).digest()
    sig = hmac.new(k, to_sign.encode(), hashlib.sha256).hexdigest()
    h["authorization"] = f"AWS4-HMAC-SHA256 Credential=AKIDBENCH/{scope}, SignedHeaders={';'.join(names)}, Signature={sig}"
    del h["host"]
    return h
def call(target, body):
    payload = json.dumps(body)
    headers = sigv4(target, payload.encode()) if signed else {"Content-Type":"application/x-amz-json-1.0","X-Amz-Target":"DynamoDB_20120810."+target,"X-Amz-Date":"20240101T000000Z","Authorization":AUTH}
    c.request("POST","/",payload,headers)
    r=c.getresponse(); d=r.read(); assert r.status==200,(r.status,d); return d
call("CreateTable",{"TableName":"bench","AttributeDefinitions":[{"AttributeName":"pk","AttributeType":"S"},{"AttributeName":"sk","AttributeType":"S"}],"KeySchema":[{"AttributeName":"pk","KeyType":"HASH"},{"AttributeName":"sk","KeyType":"RANGE"}],"BillingMode":"PAY_PER_REQUEST"})
item=lambda i: {"pk":{"S":f"user#{i%50:04d}"},"sk":{"S":f"msg#{i:06d}"},"body":{"S":"x"*900},"n":{"N":str(i)}}
for i in range(0, items, 25):
    call("BatchWriteItem",{"RequestItems":{"bench":[{"PutRequest":{"Item":item(j)}} for j in range(i, min(i + 25, items))]}})
for i in range(n):
    if op=="get": call("GetItem",{"TableName":"bench","Key":{"pk":{"S":f"user#{i%50:04d}"},"sk":{"S":f"msg#{i%200:06d}"}}})
    elif op=="put": call("PutItem",{"TableName":"bench","Item":item(i%200)})
    elif op=="query": call("Query",{"TableName":"bench","KeyConditionExpression":"pk = :p","ExpressionAttributeValues":{":p":{"S":f"user#{i%50:04d}"}}})
    elif op=="scan":
        start = None
        for _ in range(2):
            body = {"TableName":"bench","Limit":100}
            if start: body["ExclusiveStartKey"] = start
            start = json.loads(call("Scan", body)).get("LastEvaluatedKey")
    elif op=="partiql-get": call("ExecuteStatement",{"Statement":'SELECT * FROM "bench" WHERE pk = ? AND sk = ?',"Parameters":[{"S":f"user#{i%50:04d}"},{"S":f"msg#{i%200:06d}"}]})
    elif op=="partiql-query": call("ExecuteStatement",{"Statement":'SELECT * FROM "bench" WHERE pk = ?',"Parameters":[{"S":f"user#{i%50:04d}"}]})
    else: sys.exit(f"unknown operation {op}")
p.terminate(); p.wait()
if data_dir: shutil.rmtree(data_dir, ignore_errors=True)
tot=0
for line in open(out):
    if line.startswith("summary:") or line.startswith("totals:"):
        tot=int(line.split()[1])
print(binary, op, n, tot, out)
