"""The cleaner's rules one by one (the whole pages are checked in test_security.py)."""

from __future__ import annotations

import pytest

from playbook import markup, sanitize


@pytest.mark.parametrize("src", [
    "https://evil.example/p.gif", "//evil.example/p.gif", "/\\evil.example/p.gif",
    "ht\ttps://evil.example/p.gif", "https://img.example.com@evil.example/p.gif",
    "HTTPS://EVIL.EXAMPLE/p.gif", "https:evil.example/p.gif", " https://evil.example/p.gif",
])
def test_an_image_from_a_host_not_allowed_becomes_a_link(src):
    out = sanitize.clean(f'<p><img src="{src}" alt="Chart"></p>', ["img.example.com"])
    assert "<img" not in out
    assert '<a class="pb-image-link"' in out and ">Chart</a>" in out


@pytest.mark.parametrize("src", ["https://img.example.com/a.png", "//IMG.example.com./a.png",
                                 "img/a.png", "../files/a.png", "/a.png"])
def test_an_image_from_the_site_or_an_allowed_host_stays(src):
    out = sanitize.clean(f'<img src="{src}" alt="Chart">', ["img.example.com"])
    assert out.startswith("<img ")


def test_an_image_inside_a_link_leaves_its_alt_text_and_the_link():
    out = sanitize.clean('<a href="/x"><img src="https://evil.example/p.gif" alt="A"></a>')
    assert out == '<a href="/x"><span class="pb-image-link">A</span></a>'


@pytest.mark.parametrize("style", [
    "background:url(https://evil.example/x)", "background: URL(//evil.example/x)",
    "background: u\\72l(https://evil.example/x)", "background: image-set('x.png' 1x)",
    "background: -webkit-image-set(x.png 1x)", "background: expression(alert(1))",
    "background: /**/url(x)", "background: &quot;x&quot;",
])
def test_a_style_that_could_load_is_dropped(style):
    out = sanitize.clean(f'<span style="{style}; text-align: right">x</span>')
    assert out == '<span style="text-align:right">x</span>'


def test_layout_styles_stay():
    out = sanitize.clean('<span style="background: rgb(1, 2, 3); --pb-width: calc(10% + 2px)">'
                         "x</span>")
    assert "background:rgb(1, 2, 3)" in out and "--pb-width:calc(10% + 2px)" in out


def test_hub_text_keeps_nothing_of_the_theme():
    out = sanitize.clean('<div id="x" class="md-dialog pb-x MD-typeset" data-md-state="x" '
                         'data-pagefind-ignore data-filter="y"><label for="x">L</label></div>')
    assert out == '<div><label>L</label></div>'
    # nor of ours (what the script counts and answers), nor a diagram Mermaid would draw
    out = sanitize.clean('<ul class="pb-tasks keep"><li><input type="checkbox" '
                         'data-pb-task="fake" class="pb-task"></li></ul>'
                         '<pre class="mermaid">graph TD; A--&gt;B</pre>')
    assert out == ('<ul class="keep"><li><input type="checkbox"></li></ul>'
                   '<pre>graph TD; A--&gt;B</pre>')


def test_a_page_keeps_its_own_ids_but_not_the_themes():
    out = sanitize.clean('<div id="own" data-pagefind-meta="a:b"><label for="own">L</label>'
                         '<label for="__drawer">D</label><p id="__config" class="md-button '
                         'md-button--primary md-dialog">x</p></div>', page=sanitize.PAGE)
    assert 'id="own"' in out and 'for="own"' in out and 'data-pagefind-meta="a:b"' in out
    assert "__" not in out and "md-dialog" not in out
    assert 'class="md-button md-button--primary"' in out


@pytest.mark.parametrize("text, anchor", [("__config", "config"), ("__palette_0", "palette_0"),
                                          ("__", "_"), ("_one", "_one")])
def test_a_heading_never_gets_a_theme_id(text, anchor):
    _, toc, _ = markup.headings(f"<h2>{text}</h2>")
    assert toc[0].id == anchor


#: Every event handler attribute of HTML (WHATWG's global, window and document handlers):
#: a script in any of them would run in a reader's browser.
EVENT_HANDLERS = """onabort onafterprint onauxclick onbeforeinput onbeforematch onbeforeprint
    onbeforetoggle onbeforeunload onblur oncancel oncanplay oncanplaythrough onchange onclick
    onclose oncontextlost oncontextmenu oncontextrestored oncopy oncuechange oncut ondblclick
    ondrag ondragend ondragenter ondragleave ondragover ondragstart ondrop ondurationchange
    onemptied onended onerror onfocus onformdata onhashchange oninput oninvalid onkeydown
    onkeypress onkeyup onlanguagechange onload onloadeddata onloadedmetadata onloadstart
    onmessage onmessageerror onmousedown onmouseenter onmouseleave onmousemove onmouseout
    onmouseover onmouseup onoffline ononline onpagehide onpagereveal onpageshow onpageswap
    onpaste onpause onplay onplaying onpopstate onprogress onratechange onreset onresize
    onrejectionhandled onscroll onscrollend onsecuritypolicyviolation onseeked onseeking
    onselect onslotchange onstalled onstorage onsubmit onsuspend ontimeupdate ontoggle
    onunhandledrejection onunload onvolumechange onwaiting onwheel onanimationstart
    onanimationend onanimationiteration ontransitionend onpointerdown onpointerup
    onpointermove onpointerover onpointerout onpointerenter onpointerleave onfocusin
    onfocusout onsearch""".split()


@pytest.mark.parametrize("page", [sanitize.TEXT, sanitize.PAGE], ids=["text", "page"])
def test_no_event_handler_survives_on_any_element_kept(page):
    """Any tag the cleaner keeps, with every event handler of HTML (the hostile pages of
    test_security try a few): not one is left, whatever its case."""
    for tag in sorted(sanitize.TAGS):
        handlers = " ".join(f'{name if n % 2 else name.upper()}="window.__xss=1"'
                            for n, name in enumerate(EVENT_HANDLERS))
        out = sanitize.clean(f"<{tag} {handlers}>text</{tag}>", page=page)
        assert "__xss" not in out, (tag, out[:200])
