"""One test per link and image check, with its exact message."""

from __future__ import annotations

from content_checks.links import check_links, check_site_links


def problems(site, body, **kwargs):
    source = site.article(body, **kwargs)
    return [str(p) for p in check_links(source, site.content)]


def severities(site, body):
    return [p.severity for p in check_links(site.article(body), site.content)]


def test_good_links_and_images_have_no_problems(site):
    site.write("articles/b.md")
    site.write("pages/help.md")
    site.write("images/group.png")
    body = (
        "Read [the other article]({filename}b.md) or [get help]({filename}/pages/help.md).\n"
        "Call [988](tel:988), see [SAMHSA](https://www.samhsa.gov) or [below](#below).\n"
        "![Two people talking on a bench]({static}/images/group.png)\n"
        "[self-check: phq-9]\n"
        "A [reference link][ref].\n\n[ref]: {filename}b.md\n"
    )
    assert problems(site, body) == []


def test_links_inside_code_are_not_checked(site):
    body = "Write `[text]({filename}missing.md)` like this.\n\n```\n![](nothing.png)\n```\n"
    assert problems(site, body) == []


def test_missing_file_with_a_suggestion(site):
    site.write("articles/what-is-an-iop.md")
    assert problems(site, "See [this]({filename}what-is-an-iopp.md).\n") == [
        "content/articles/a.md:8: link: '{filename}what-is-an-iopp.md' points to "
        "content/articles/what-is-an-iopp.md, which does not exist; did you mean "
        "'{filename}what-is-an-iop.md'?"
    ]


def test_missing_file_from_the_content_root_with_a_suggestion(site):
    site.write("pages/get-help-now.md")
    assert problems(site, "[Help]({filename}/pages/get-help.md)\n") == [
        "content/articles/a.md:8: link: '{filename}/pages/get-help.md' points to "
        "content/pages/get-help.md, which does not exist; did you mean "
        "'{filename}/pages/get-help-now.md'?"
    ]


def test_missing_file_without_a_suggestion(site):
    assert problems(site, "Text.\n\nSee [this]({filename}zzz.md).\n") == [
        "content/articles/a.md:10: link: '{filename}zzz.md' points to content/articles/zzz.md, "
        "which does not exist; check the file name (a path without a leading / starts in "
        "content/articles/, one with a leading / in content/)"
    ]


def test_missing_static_image(site):
    assert problems(site, "![A calm room]({static}/images/room.png)\n") == [
        "content/articles/a.md:8: image: '{static}/images/room.png' points to "
        "content/images/room.png, which does not exist; check the file name (a path without a "
        "leading / starts in content/articles/, one with a leading / in content/)"
    ]


def test_image_without_alt_text(site):
    site.write("images/room.png")
    assert problems(site, "![]({static}/images/room.png)\n") == [
        "content/articles/a.md:8: image: ![]({static}/images/room.png) has no alt text; describe "
        "what the image shows between the square brackets: ![what the image shows]"
        "({static}/images/room.png)"
    ]


def test_alt_text_that_is_a_file_name(site):
    site.write("images/room.png")
    assert problems(site, "![IMG_0042.jpg]({static}/images/room.png)\n") == [
        "content/articles/a.md:8: image: the alt text 'IMG_0042.jpg' is a file name, which tells "
        "a reader who cannot see the image nothing; describe what the image shows instead"
    ]


def test_reference_image_without_alt_text(site):
    site.write("images/room.png")
    assert problems(site, "![][room]\n\n[room]: {static}/images/room.png\n") == [
        "content/articles/a.md:8: image: ![]({static}/images/room.png) has no alt text; describe "
        "what the image shows between the square brackets: ![what the image shows]"
        "({static}/images/room.png)"
    ]


def test_html_image_without_alt_attribute(site):
    site.write("images/room.png")
    assert problems(site, 'Text.\n<img src="{static}/images/room.png">\n') == [
        'content/articles/a.md:9: image: <img src="{static}/images/room.png"> has no alt text; '
        'add alt="what the image shows"'
    ]


def test_html_image_with_an_empty_alt_attribute(site):
    site.write("images/line.svg")
    assert problems(site, '<img src="{static}/images/line.svg" alt="">\n') == [
        'content/articles/a.md:8: image: <img src="{static}/images/line.svg"> has no alt text; '
        'add alt="what the image shows"'
    ]


def test_image_linked_with_filename(site):
    site.write("images/room.png")
    assert problems(site, "![A calm room]({filename}/images/room.png)\n") == [
        "content/articles/a.md:8: image: '{filename}/images/room.png' links an image with "
        "{filename}; write '{static}/images/room.png' instead (Pelican copies an image into the "
        "site only when it is linked with {static})"
    ]


def test_relative_image_that_exists(site):
    site.write("images/room.png")
    assert problems(site, "![A calm room](../images/room.png)\n") == [
        "content/articles/a.md:8: image: '../images/room.png' is not copied into the site, so "
        "the image would be missing; write '{static}/images/room.png' instead"
    ]


def test_relative_image_that_does_not_exist(site):
    assert problems(site, "![A calm room](room.png)\n") == [
        "content/articles/a.md:8: image: 'room.png' does not exist (looked for "
        "content/articles/room.png); put the image in content/images/ and write "
        "'{static}/images/name.png'"
    ]


def test_link_to_a_file_name_without_filename(site):
    site.write("articles/b.md")
    assert problems(site, "See [this](b.md).\n") == [
        "content/articles/a.md:8: link: 'b.md' is a file name, which is not an address on the "
        "site; write '{filename}b.md' so the link follows the page wherever it is published"
    ]


def test_relative_address_is_a_warning(site):
    body = "See [about](../about/).\n"
    assert problems(site, body) == [
        "content/articles/a.md:8: link: '../about/' is a relative address, which breaks when a "
        "page moves; link to an article or page by its file ({filename}other-article.md) or to "
        "a site address that starts with /"
    ]
    assert severities(site, body) == ["warning"]


def test_undefined_reference(site):
    assert problems(site, "See [the guide][guide].\n") == [
        "content/articles/a.md:8: link: [the guide][guide] refers to '[guide]', which is not "
        "defined; add a line '[guide]: address' below the paragraph, or write the address in "
        "round brackets"
    ]


def test_site_paths_are_checked_against_the_built_site(site, tmp_path):
    output = tmp_path / "out"
    (output / "about").mkdir(parents=True)
    (output / "about/index.html").write_text("<p>About</p>")
    source = site.article("[About](/about/) and [a check](/self-checks/iop-fit/).\n")
    found = check_site_links(source, output)
    assert [str(p) for p in found] == [
        "content/articles/a.md:8: link: '/self-checks/iop-fit/' is not a page of the built site; "
        "check the address (link to an article or page by its file instead: "
        "[text]({filename}other-article.md))"
    ]
    assert [p.severity for p in found] == ["warning"]


def test_a_missing_site_image_is_an_error(site, tmp_path):
    (tmp_path / "out").mkdir()
    source = site.article("![A calm room](/images/room.png)\n")
    found = check_site_links(source, tmp_path / "out")
    assert [str(p) for p in found] == [
        "content/articles/a.md:8: image: '/images/room.png' is not a file of the built site; put "
        "the image in content/images/ and write ![what the image shows]"
        "({static}/images/name.png)"
    ]
    assert [p.severity for p in found] == ["error"]


def test_footnotes_are_not_links(site):
    assert problems(site, "IOPs vary.[^1]\n\n[^1]: The number of weeks differs by program.\n") == []
