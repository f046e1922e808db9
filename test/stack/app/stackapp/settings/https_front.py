"""What every https profile sets (hardened, apache, caddy, s3-private): its front terminates TLS and says so in X-Forwarded-Proto; http redirects to https; HSTS for a year; cookies only over https."""

STACK_TLS = True
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = True
SECURE_HSTS_SECONDS = 31_536_000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
