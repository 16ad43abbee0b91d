"""Resolve credentials with the official Python library's default chain (alibabacloud-credentials)
from this process's environment and files, and print them in the shape credentials-probe prints
(id, SHA-256 of secret and token), for scripts/credentials-interop.sh.

The library calls fixed hosts (the metadata service at 100.100.100.200, STS at sts*.aliyuncs.com over
https); --imds and --sts redirect those requests to the local stand-ins, at the library's transport
(Tea's do_action), so the library's own request building, signing and parsing run unchanged.
"""
import argparse
import hashlib
import json
import sys
from urllib.parse import urlparse


def redirect(imds, sts):
    from Tea.core import TeaCore

    targets = {}
    if imds:
        targets["metadata"] = urlparse(imds)
    if sts:
        targets["sts"] = urlparse(sts)

    def retarget(request):
        host = request.headers.get("host", "")
        if host == "100.100.100.200":
            target = targets.get("metadata")
        elif host.startswith("sts") and host.endswith(".aliyuncs.com"):
            target = targets.get("sts")
        else:
            target = None
        if target is not None:
            request.protocol = target.scheme
            request.headers["host"] = target.hostname
            request.port = target.port

    original, original_async = TeaCore.do_action, TeaCore.async_do_action

    def do_action(request, runtime_option=None):
        retarget(request)
        return original(request, runtime_option)

    async def async_do_action(request, runtime_option=None):
        retarget(request)
        return await original_async(request, runtime_option)

    TeaCore.do_action = staticmethod(do_action)
    TeaCore.async_do_action = staticmethod(async_do_action)


def digest(text):
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--imds")
    parser.add_argument("--sts")
    args = parser.parse_args()
    redirect(args.imds, args.sts)
    from alibabacloud_credentials.provider.default import DefaultCredentialsProvider

    try:
        c = DefaultCredentialsProvider().get_credentials()
    except Exception as e:  # the library raises plain exceptions; report and fail
        print(f"{type(e).__name__}: {e}", file=sys.stderr)
        return 1
    token = c.get_security_token()
    print(json.dumps({
        "access_key_id": c.get_access_key_id(),
        "access_key_secret_sha256": digest(c.get_access_key_secret()),
        "security_token_sha256": digest(token) if token else None,
    }, separators=(",", ":")))
    return 0


if __name__ == "__main__":
    sys.exit(main())
