"""The enforcing front around moto's S3 (a WSGI middleware in the same process).

moto's server accepts any request, signed or not; S3 does not. This front
plays S3's rules before moto sees a request: SigV4 checked (Authorization
header and presigned URLs) with the stack's one key; anonymous requests only
where a bucket policy for Principal "*" or a public-read ACL allows them;
refusals in S3's XML error shape. Every answer, moto's or ours, carries
x-amz-request-id and x-amz-id-2 (moto sends only x-amzn-requestid), and one
Server header: the one werkzeug's server sends, never a claim to be Amazon S3.
"""
from __future__ import annotations

import base64
import hashlib
import io
import os
import secrets
from datetime import datetime, timezone
from xml.sax.saxutils import escape

import access
import sigv4

READ_METHODS = {"GET", "HEAD"}
# Sub-resources of a bucket or object that only its owner may read, whatever the policy says here.
OWNER_ONLY_QUERY = {"acl", "policy", "cors", "lifecycle", "versioning", "tagging", "uploads", "location",
                    "encryption", "policyStatus", "ownershipControls", "publicAccessBlock", "website", "logging"}  # fmt: skip


def new_request_id() -> str:
    return secrets.token_hex(8).upper()


def new_host_id() -> str:
    return base64.b64encode(os.urandom(48)).decode()


def error_body(code: str, message: str, request_id: str, host_id: str, resource: str | None = None) -> bytes:
    extra = f"<Resource>{escape(resource)}</Resource>" if resource else ""
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f"<Error><Code>{escape(code)}</Code><Message>{escape(message)}</Message>{extra}"
        f"<RequestId>{request_id}</RequestId><HostId>{escape(host_id)}</HostId></Error>"
    ).encode()


class StorageFront:
    def __init__(self, app, credentials: sigv4.Credentials):
        self.app = app
        self.credentials = credentials

    def __call__(self, environ, start_response):
        request_id, host_id = new_request_id(), new_host_id()
        method = environ["REQUEST_METHOD"]
        raw_uri = environ.get("REQUEST_URI") or environ.get("RAW_URI") or environ.get("PATH_INFO", "/")
        raw_path, _, raw_query = raw_uri.partition("?")
        bucket, _, key = raw_path.lstrip("/").partition("/")
        headers = {name[5:].replace("_", "-").lower(): value for name, value in environ.items() if name.startswith("HTTP_")}
        for name in ("CONTENT_TYPE", "CONTENT_LENGTH"):
            if environ.get(name):
                headers[name.replace("_", "-").lower()] = environ[name]

        def refuse(refusal: sigv4.Refusal):
            body = b"" if method == "HEAD" else error_body(refusal.code, refusal.message, request_id, host_id, raw_path)
            start_response(f"{refusal.status} {STATUS_TEXT.get(refusal.status, 'Error')}", [
                ("Content-Type", "application/xml"), ("Content-Length", str(len(body))),
                ("x-amz-request-id", request_id), ("x-amz-id-2", host_id),
            ])  # fmt: skip
            return [body]

        try:
            query = sigv4.parse_query(raw_query)
            signed = sigv4.read_signature(headers, query)
            if signed is None:
                self.check_anonymous(method, bucket, key, {name for name, _ in query})
            else:
                sigv4.verify(signed, self.credentials, method, raw_path, raw_query, headers, datetime.now(timezone.utc))
                if not signed.presigned:
                    self.check_payload(environ, headers)
        except sigv4.Refusal as refusal:
            return refuse(refusal)

        def stamped_start_response(status, response_headers, exc_info=None):
            # moto repeats the Server header werkzeug's handler sends anyway (Werkzeug/<v> Python/<v>): drop
            # moto's copy, so one Server header says what really answers; add S3's two ids.
            kept = [(n, v) for n, v in response_headers if n.lower() not in ("server", "x-amz-request-id", "x-amz-id-2")]
            kept += [("x-amz-request-id", request_id), ("x-amz-id-2", host_id)]
            return start_response(status, kept, exc_info)

        if method in ("PUT", "POST") and key and not any(name.startswith("HTTP_X_AMZ_GRANT_") for name in environ):
            # moto gives a new object its bucket's ACL; S3 makes it private unless the request names one.
            environ.setdefault("HTTP_X_AMZ_ACL", "private")
        return self.app(environ, stamped_start_response)

    def check_anonymous(self, method: str, bucket: str, key: str, query_names: set[str]) -> None:
        """S3 answers a missing bucket 404 to anyone; everything else unsigned needs a public grant."""
        if not bucket:
            raise sigv4.Refusal("AccessDenied", "Access Denied")  # ListBuckets: never anonymous
        if not access.bucket_exists(bucket):
            raise sigv4.Refusal("NoSuchBucket", "The specified bucket does not exist", 404)
        if method not in READ_METHODS or query_names & OWNER_ONLY_QUERY:
            raise sigv4.Refusal("AccessDenied", "Access Denied")
        allowed = access.anonymous_may_read(bucket, key) if key else access.anonymous_may_list(bucket)
        if not allowed:
            raise sigv4.Refusal("AccessDenied", "Access Denied")

    def check_payload(self, environ, headers: dict[str, str]) -> None:
        """A declared SHA-256 of the body must be the body's (S3: XAmzContentSHA256Mismatch)."""
        declared = headers.get("x-amz-content-sha256", "")
        if len(declared) != 64:
            return  # UNSIGNED-PAYLOAD or a streaming form: nothing to compare
        length = int(environ.get("CONTENT_LENGTH") or 0)
        body = environ["wsgi.input"].read(length) if length else b""
        environ["wsgi.input"] = io.BytesIO(body)
        if hashlib.sha256(body).hexdigest() != declared:
            raise sigv4.Refusal("XAmzContentSHA256Mismatch", "The provided 'x-amz-content-sha256' header does not match what was computed.", 400)


STATUS_TEXT = {400: "Bad Request", 403: "Forbidden", 404: "Not Found"}
