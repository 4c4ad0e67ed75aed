from django import template

from reintegra.legal.selectors import rule_label as _rule_label

register = template.Library()


@register.filter
def rule_label(code):
    return _rule_label(code)


@register.filter
def get_item(mapping, key):
    return mapping.get(key, [])
