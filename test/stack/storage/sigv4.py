"""AWS Signature Version 4 as S3 checks it, for the storage front: the
Authorization header form and the presigned query-string form. Pure functions
(standard library only), so the front's verdicts follow from the request alone."""
from __future__ import annotations

import hashlib
import hmac
import re
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from urllib.parse import quote, unquote

ALGORITHM = "AWS4-HMAC-SHA256"
# S3 refuses a header-signed request whose X-Amz-Date is further than this from its clock.
MAX_CLOCK_SKEW = timedelta(minutes=15)
# The longest X-Amz-Expires S3 accepts (7 days).
MAX_PRESIGN_SECONDS = 604_800


@dataclass(frozen=True)
class Credentials:
    access_key: str
    secret_key: str
    region: str


@dataclass(frozen=True)
class SignedRequest:
    """What a request says about its signature, whichever form carried it."""

    access_key: str
    date: str  # the credential scope's yyyymmdd
    region: str
    service: str
    amz_date: str  # X-Amz-Date, yyyymmddThhmmssZ
    signed_headers: tuple[str, ...]
    signature: str
    presigned: bool
    expires: int | None  # X-Amz-Expires (presigned only)


class Refusal(Exception):
    """An S3 error code, its HTTP status and S3's message."""

    def __init__(self, code: str, message: str, status: int = 403):
        super().__init__(message)
        self.code, self.message, self.status = code, message, status


def s3_quote(text: str) -> str:
    """URI-encode as SigV4 wants it: everything but the unreserved characters."""
    return quote(text, safe="-_.~")


def parse_query(raw_query: str) -> list[tuple[str, str]]:
    """The query's pairs, percent-decoded ('+' is a literal plus in S3's canonical form)."""
    pairs = []
    for part in raw_query.split("&") if raw_query else []:
        name, _, value = part.partition("=")
        pairs.append((unquote(name), unquote(value)))
    return pairs


def canonical_query(pairs: list[tuple[str, str]]) -> str:
    encoded = sorted((s3_quote(name), s3_quote(value)) for name, value in pairs if name != "X-Amz-Signature")
    return "&".join(f"{name}={value}" for name, value in encoded)


def canonical_uri(raw_path: str) -> str:
    """S3 signs the path as sent, each segment encoded once (never twice, unlike other services)."""
    return "/".join(s3_quote(unquote(segment)) for segment in raw_path.split("/")) or "/"


def canonical_header_value(value: str) -> str:
    return re.sub(r"\s+", " ", value.strip())


AUTHORIZATION = re.compile(
    r"^AWS4-HMAC-SHA256\s+Credential=(?P<credential>[^,\s]+)\s*,\s*"
    r"SignedHeaders=(?P<headers>[^,\s]+)\s*,\s*Signature=(?P<signature>[0-9a-f]+)\s*$"
)


def parse_credential(credential: str) -> tuple[str, str, str, str]:
    parts = credential.split("/")
    if len(parts) != 5 or parts[4] != "aws4_request":
        raise Refusal("InvalidRequest", f"Malformed credential {credential!r}", 400)
    return parts[0], parts[1], parts[2], parts[3]


def read_signature(headers: dict[str, str], query: list[tuple[str, str]]) -> SignedRequest | None:
    """None for an anonymous request; a Refusal for a signature S3 could not even parse."""
    authorization = headers.get("authorization")
    params = dict(query)
    if authorization is not None:
        match = AUTHORIZATION.match(authorization)
        if match is None:
            if authorization.startswith("AWS "):
                raise Refusal("InvalidRequest", "The authorization mechanism you have provided is not supported. Please use AWS4-HMAC-SHA256.", 400)
            raise Refusal("AuthorizationHeaderMalformed", "The authorization header is malformed.", 400)
        access_key, date, region, service = parse_credential(match["credential"])
        amz_date = headers.get("x-amz-date", "")
        return SignedRequest(access_key, date, region, service, amz_date, tuple(match["headers"].split(";")),
                             match["signature"], presigned=False, expires=None)  # fmt: skip
    if "X-Amz-Algorithm" in params or "X-Amz-Signature" in params:
        missing = [p for p in ("X-Amz-Algorithm", "X-Amz-Credential", "X-Amz-Date", "X-Amz-Expires",
                               "X-Amz-SignedHeaders", "X-Amz-Signature") if p not in params]  # fmt: skip
        if missing or params["X-Amz-Algorithm"] != ALGORITHM:
            raise Refusal("AuthorizationQueryParametersError", "Query-string authentication version 4 requires the "
                          "X-Amz-Algorithm, X-Amz-Credential, X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, "
                          "and X-Amz-Expires parameters.", 400)  # fmt: skip
        access_key, date, region, service = parse_credential(params["X-Amz-Credential"])
        try:
            expires = int(params["X-Amz-Expires"])
        except ValueError:
            raise Refusal("AuthorizationQueryParametersError", "X-Amz-Expires should be a number", 400) from None
        return SignedRequest(access_key, date, region, service, params["X-Amz-Date"],
                             tuple(params["X-Amz-SignedHeaders"].split(";")), params["X-Amz-Signature"],
                             presigned=True, expires=expires)  # fmt: skip
    return None


def parse_amz_date(amz_date: str) -> datetime:
    try:
        return datetime.strptime(amz_date, "%Y%m%dT%H%M%SZ").replace(tzinfo=timezone.utc)
    except ValueError:
        raise Refusal("AccessDenied", "AWS authentication requires a valid Date or x-amz-date header") from None


def string_to_sign(signed: SignedRequest, method: str, raw_path: str, query: list[tuple[str, str]],
                   headers: dict[str, str], payload_hash: str) -> str:  # fmt: skip
    canonical_headers = "".join(f"{name}:{canonical_header_value(headers.get(name, ''))}\n" for name in signed.signed_headers)
    canonical_request = "\n".join([
        method, canonical_uri(raw_path), canonical_query(query), canonical_headers,
        ";".join(signed.signed_headers), payload_hash,
    ])  # fmt: skip
    scope = f"{signed.date}/{signed.region}/{signed.service}/aws4_request"
    return "\n".join([ALGORITHM, signed.amz_date, scope, hashlib.sha256(canonical_request.encode()).hexdigest()])


def signing_key(secret_key: str, date: str, region: str, service: str) -> bytes:
    key = ("AWS4" + secret_key).encode()
    for part in (date, region, service, "aws4_request"):
        key = hmac.new(key, part.encode(), hashlib.sha256).digest()
    return key


def signature_of(text: str, secret_key: str, date: str, region: str, service: str) -> str:
    return hmac.new(signing_key(secret_key, date, region, service), text.encode(), hashlib.sha256).hexdigest()


def verify(signed: SignedRequest, credentials: Credentials, method: str, raw_path: str, raw_query: str,
           headers: dict[str, str], now: datetime) -> None:  # fmt: skip
    """Raise the Refusal S3 would answer, in S3's order: key, scope, time, signature.
    `headers`: lower-case names. The payload hash is what the client declared
    (x-amz-content-sha256; presigned URLs sign UNSIGNED-PAYLOAD): the front
    compares a declared hash with the body separately."""
    if signed.access_key != credentials.access_key:
        raise Refusal("InvalidAccessKeyId", "The AWS Access Key Id you provided does not exist in our records.")
    if signed.service != "s3" or signed.region != credentials.region:
        raise Refusal("AuthorizationHeaderMalformed",
                      f"The authorization header is malformed; the region '{signed.region}' is wrong; expecting '{credentials.region}'", 400)  # fmt: skip
    if "host" not in signed.signed_headers:
        raise Refusal("AccessDenied", "There were headers present in the request which were not signed: host")
    signed_at = parse_amz_date(signed.amz_date)
    if signed.amz_date[:8] != signed.date:
        raise Refusal("SignatureDoesNotMatch", "The credential date does not match the X-Amz-Date.")
    if signed.presigned:
        if not 0 < (signed.expires or 0) <= MAX_PRESIGN_SECONDS:
            raise Refusal("AuthorizationQueryParametersError", "X-Amz-Expires must be less than a week (in seconds) that is 604800", 400)
        if now > signed_at + timedelta(seconds=signed.expires or 0):
            raise Refusal("AccessDenied", "Request has expired")
        if signed_at - now > MAX_CLOCK_SKEW:
            raise Refusal("AccessDenied", "Request is not valid yet")
        payload_hash = "UNSIGNED-PAYLOAD"
    else:
        if abs(now - signed_at) > MAX_CLOCK_SKEW:
            raise Refusal("RequestTimeTooSkewed", "The difference between the request time and the current time is too large.")
        payload_hash = headers.get("x-amz-content-sha256")
        if payload_hash is None:
            raise Refusal("InvalidRequest", "Missing required header for this request: x-amz-content-sha256", 400)
    query = parse_query(raw_query)
    text = string_to_sign(signed, method, raw_path, query, headers, payload_hash)
    expected = signature_of(text, credentials.secret_key, signed.date, signed.region, signed.service)
    if not hmac.compare_digest(expected, signed.signature):
        raise Refusal("SignatureDoesNotMatch",
                      "The request signature we calculated does not match the signature you provided. "
                      "Check your key and signing method.")  # fmt: skip
