"""URL converters for the portal's own keys."""


class PemdaCodeConverter:
    """A Kemendagri area code: "62" for a province, "62.71" for a regency/city. Anything else is no
    route at all (404), whatever the method."""

    regex = r"\d{2}(?:\.\d{2})?"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return str(value)
