"""Who may read what without signing, as S3 decides it: a bucket policy
statement allowing Principal "*" an action on the resource, or the canned
public-read ACL (AllUsers READ: the bucket's for listing, the object's for
reading). Reads moto's in-memory bucket (pinned moto 5.2.5: its models)."""
from __future__ import annotations

import fnmatch
import json

from moto.core import DEFAULT_ACCOUNT_ID
from moto.s3.exceptions import MissingBucket
from moto.s3.models import s3_backends

ALL_USERS = "http://acs.amazonaws.com/groups/global/AllUsers"


def backend():
    return s3_backends[DEFAULT_ACCOUNT_ID]["global"]


def bucket_exists(bucket: str) -> bool:
    try:
        backend().get_bucket(bucket)
    except MissingBucket:
        return False
    return True


def acl_grants_everyone_read(acl) -> bool:
    return acl is not None and any(
        grantee.uri == ALL_USERS and ("READ" in grant.permissions or "FULL_CONTROL" in grant.permissions)
        for grant in acl.grants
        for grantee in grant.grantees
    )


def listify(value) -> list:
    return value if isinstance(value, list) else [value]


def policy_allows_everyone(policy: bytes | str | None, action: str, resource: str) -> bool:
    """Whether an Allow statement for Principal "*" names `action` on `resource`, and no Deny does.
    Conditions are not evaluated: a statement with one is not taken as public."""
    if not policy:
        return False
    document = json.loads(policy)
    allowed = False
    for statement in listify(document.get("Statement", [])):
        principal = statement.get("Principal")
        everyone = principal == "*" or (isinstance(principal, dict) and "*" in listify(principal.get("AWS", [])))
        if not everyone or "Condition" in statement:
            continue
        actions = [a.lower() for a in listify(statement.get("Action", []))]
        matches_action = any(fnmatch.fnmatchcase(action.lower(), pattern) for pattern in actions)
        matches_resource = any(fnmatch.fnmatchcase(resource, pattern) for pattern in listify(statement.get("Resource", [])))
        if matches_action and matches_resource:
            if statement.get("Effect") == "Deny":
                return False
            allowed = allowed or statement.get("Effect") == "Allow"
    return allowed


def anonymous_may_list(bucket: str) -> bool:
    found = backend().get_bucket(bucket)
    return policy_allows_everyone(found.policy, "s3:ListBucket", f"arn:aws:s3:::{bucket}") or acl_grants_everyone_read(found.acl)


def anonymous_may_read(bucket: str, key: str) -> bool:
    found = backend().get_bucket(bucket)
    if policy_allows_everyone(found.policy, "s3:GetObject", f"arn:aws:s3:::{bucket}/{key}"):
        return True
    stored = found.keys.get(key)  # not backend().get_object: that advances a streamed key
    return stored is not None and acl_grants_everyone_read(getattr(stored, "acl", None))
