#!/usr/bin/env python3
"""Makes the official Python SDK send the wire-fixture calls (tests/fixtures/wire/cases.json) to the
project's test server, with the date, nonce and User-Agent our Rust client used for the same case, so
the two requests can be compared byte for byte (tests/wire-fixture/tests/python_peer.rs does that).

For each case the input (wire names, as in cases.json) becomes the SDK's own request model through
``Request().from_map(input)``, and the SDK's ``<action>_with_options`` sends it: the SDK alone decides
the query/body split, the JSON, comma-joined and flattened encodings, the form body and the signature.

One adjustment: the SDK also sends ``x-acs-credentials-provider: static_ak``, a signed header that only
names where its credentials came from. Our client does not send it, and a signed header changes the
signature, so the credential the SDK sees here has no provider name. Nothing else is changed.

Usage: wire_calls.py --endpoint 127.0.0.1:PORT --cases cases.json --stamps stamps.json
  stamps.json: [{"date": ..., "nonce": ..., "user_agent": ...}, ...], one per case, in order.
Exits 1 if a call fails (or, for a case with "expect_error", does not fail with that code).
"""

from __future__ import annotations

import argparse
import json
import re
import sys

from alibabacloud_ice20201109 import models as ice_models
from alibabacloud_ice20201109.client import Client as IceClient
from alibabacloud_live20161101 import models as live_models
from alibabacloud_live20161101.client import Client as LiveClient
from alibabacloud_tea_openapi import utils as openapi_utils
from alibabacloud_tea_openapi.models import Config
from darabonba.runtime import RuntimeOptions

# Must match tests/src/server/keys.rs.
AK_ID = "LTAI5tTestAccessKeyId"
AK_SECRET = "TestAccessKeySecret123"

PRODUCTS = {"ice": (IceClient, ice_models), "live": (LiveClient, live_models)}


def snake(action: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", action).lower()


def stamp(date: str, nonce: str, user_agent: str) -> None:
    utils = openapi_utils.Utils
    utils.get_timestamp = staticmethod(lambda: date)
    utils.get_nonce = staticmethod(lambda: nonce)
    utils.get_user_agent = staticmethod(lambda *args, **kwargs: user_agent)


def without_provider_name(client) -> None:
    """The SDK's credential, minus the provider name that becomes x-acs-credentials-provider."""
    credential = client._credential
    original = credential.get_credential

    def get_credential():
        model = original()
        model.provider_name = None
        return model

    credential.get_credential = get_credential


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--endpoint", required=True)
    parser.add_argument("--cases", required=True)
    parser.add_argument("--stamps", required=True)
    args = parser.parse_args()
    with open(args.cases, encoding="utf-8") as f:
        cases = json.load(f)["cases"]
    with open(args.stamps, encoding="utf-8") as f:
        stamps = json.load(f)
    if len(cases) != len(stamps):
        print(f"{len(cases)} cases but {len(stamps)} stamps", file=sys.stderr)
        return 1

    config = Config(
        access_key_id=AK_ID,
        access_key_secret=AK_SECRET,
        endpoint=args.endpoint,
        protocol="HTTP",
        read_timeout=10000,
        connect_timeout=5000,
    )
    clients = {}
    for name, (client_class, _) in PRODUCTS.items():
        clients[name] = client_class(config)
        without_provider_name(clients[name])

    failed = 0
    for case, case_stamp in zip(cases, stamps):
        product, action = case["product"], case["action"]
        models = PRODUCTS[product][1]
        stamp(case_stamp["date"], case_stamp["nonce"], case_stamp["user_agent"])
        request = getattr(models, f"{action}Request")().from_map(case["input"])
        call = getattr(clients[product], f"{snake(action)}_with_options")
        expected = case.get("expect_error")
        try:
            call(request, RuntimeOptions())
            if expected:
                failed += 1
                print(f"FAILED {case['name']}: expected {expected}, the call succeeded")
        except Exception as exc:  # noqa: BLE001 - report every failure and go on
            if expected and getattr(exc, "code", None) == expected:
                continue
            failed += 1
            print(f"FAILED {case['name']}: {type(exc).__name__}: {exc}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
