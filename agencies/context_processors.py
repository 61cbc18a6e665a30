from .scoping import get_scope


def scope(request):
    return {"scope": get_scope(getattr(request, "user", None))}
