"""One page, one template: render the whole page, or just the block an htmx
request targets.

The block named by `HX-Target` is rendered alone when the request comes from
htmx and is not a history restore (`HX-History-Restore-Request`); boosted
links send `HX-Request` too, but target the body, so they get the whole page.
"""
from __future__ import annotations

from flask import current_app, make_response, request


def is_htmx() -> bool:
    return request.headers.get("HX-Request") == "true" and \
        request.headers.get("HX-History-Restore-Request") != "true"


def target_block() -> str | None:
    return request.headers.get("HX-Target") if is_htmx() else None


MACRO_FOLDER = "_macros"


def init_app(app) -> None:
    """Every macro of templates/_macros/ is a global, registered once here:
    pages never import them, so a block rendered alone finds them as the
    whole page does. (A macro file that uses another's macros imports them
    itself: a macro sees the names its own file had when it was loaded.)"""
    env = app.jinja_env
    for name in sorted(n for n in env.list_templates() if n.startswith(MACRO_FOLDER + "/")):
        module = env.get_template(name).module
        env.globals.update({k: getattr(module, k) for k in dir(module) if not k.startswith("_")})


def render_view(template: str, http_status: int = 200, **context):
    """Render `template`, or only its block named by HX-Target when there is one."""
    env = current_app.jinja_env
    tmpl = env.get_template(template)
    block = target_block()
    if block and block in tmpl.blocks:
        ctx = tmpl.new_context(_template_context(context))
        body = "".join(tmpl.blocks[block](ctx))
    else:
        body = tmpl.render(_template_context(context))
    response = make_response(body, http_status)
    response.headers["Vary"] = "HX-Request, HX-Target"
    return response


def _template_context(context: dict) -> dict:
    ctx = dict(context)
    current_app.update_template_context(ctx)
    return ctx
