"""Where stored files live: the local disk (default), or an S3-compatible object store.

`object_storage_options()` turns STORAGE_URL (or the AWS_* variables) into django-storages'
S3Storage options; settings.py uses it. Objects are private (no ACL, signed URLs only, never
overwritten), so nothing is reachable except through the portal's scoped download views.
"""

from urllib.parse import parse_qs, urlsplit

from django.core.exceptions import ImproperlyConfigured


def object_storage_options(storage_url="", *, bucket="", endpoint_url="", region_name="", access_key="", secret_key=""):
    """S3Storage OPTIONS, or {} for the local disk."""
    if storage_url:
        parts = urlsplit(storage_url)
        if parts.scheme != "s3" or not parts.netloc:
            raise ImproperlyConfigured("STORAGE_URL must look like s3://bucket?endpoint_url=…&region_name=…")
        query = {key: values[-1] for key, values in parse_qs(parts.query).items()}
        bucket = parts.netloc
        endpoint_url = query.get("endpoint_url", endpoint_url)
        region_name = query.get("region_name", region_name)
    if not bucket:
        return {}
    options = {
        "bucket_name": bucket,
        "default_acl": None,  # the bucket's own (private) policy; never public-read
        "querystring_auth": True,
        "querystring_expire": 300,
        "file_overwrite": False,
    }
    if endpoint_url:
        options["endpoint_url"] = endpoint_url
    if region_name:
        options["region_name"] = region_name
    if access_key:
        options["access_key"] = access_key
        options["secret_key"] = secret_key
    return options
