from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def absolute_url(context, path):
    """An absolute URL on the origin the page was asked on (og:image wants one)."""
    return context["request"].build_absolute_uri(path)
