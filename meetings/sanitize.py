"""The one sanitiser for meeting minutes (notulen): run on save and again on every render."""

import nh3

MINUTES_TAGS = {
    "p", "br", "strong", "b", "em", "i", "u", "s", "sub", "sup", "blockquote",
    "ul", "ol", "li", "h3", "h4", "h5", "table", "thead", "tbody", "tr", "th", "td", "a", "hr",
}
MINUTES_ATTRIBUTES = {"a": {"href", "title"}, "th": {"colspan", "rowspan"}, "td": {"colspan", "rowspan"}}


def clean_minutes(html):
    """Keep simple formatting; drop scripts, styles, event handlers, javascript: links, images."""
    if not html:
        return ""
    return nh3.clean(
        html,
        tags=MINUTES_TAGS,
        attributes=MINUTES_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )
