"""A private CA and a server certificate for 127.0.0.1 and localhost, made
with openssl, for the profiles that use HTTPS. Kept while valid for 30 days."""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from .processes import StackError

CA_FILE = "ca.pem"
SERVER_CERT = "server.pem"
SERVER_KEY = "server-key.pem"

SERVER_EXTENSIONS = """\
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = serverAuth
subjectAltName = IP:127.0.0.1, DNS:localhost
"""


def openssl(*args: str, cwd: Path) -> None:
    result = subprocess.run(["openssl", *args], cwd=cwd, stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=60)
    if result.returncode != 0:
        raise StackError(f"openssl {args[0]} failed:\n{result.stderr}")


def still_valid(tls_dir: Path) -> bool:
    if not all((tls_dir / name).exists() for name in [CA_FILE, SERVER_CERT, SERVER_KEY]):
        return False
    check = ["openssl", "x509", "-checkend", str(30 * 86400), "-noout", "-in", str(tls_dir / SERVER_CERT)]
    return subprocess.run(check, stdin=subprocess.DEVNULL, capture_output=True, timeout=30).returncode == 0


def ensure_certificates(tls_dir: Path) -> bool:
    """Make the CA and server certificate unless valid ones exist; True if made."""
    if still_valid(tls_dir):
        return False
    building = tls_dir.with_name(tls_dir.name + ".building")
    shutil.rmtree(building, ignore_errors=True)
    building.mkdir(parents=True)
    openssl(
        "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-sha256", "-days", "3650",
        "-subj", "/CN=wagtail-probe test stack CA",
        "-addext", "basicConstraints=critical,CA:TRUE",
        "-addext", "keyUsage=critical,keyCertSign,cRLSign",
        "-keyout", "ca-key.pem", "-out", CA_FILE, cwd=building,
    )  # fmt: skip
    openssl("req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=localhost", "-keyout", SERVER_KEY, "-out", "server.csr", cwd=building)
    (building / "server.ext").write_text(SERVER_EXTENSIONS)
    openssl(
        "x509", "-req", "-sha256", "-days", "825", "-in", "server.csr",
        "-CA", CA_FILE, "-CAkey", "ca-key.pem", "-CAcreateserial",
        "-extfile", "server.ext", "-out", SERVER_CERT, cwd=building,
    )  # fmt: skip
    shutil.rmtree(tls_dir, ignore_errors=True)
    building.rename(tls_dir)
    return True
