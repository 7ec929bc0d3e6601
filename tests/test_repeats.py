from support import owned_lines
from trafilatura.utils import load_html

from ingest.gaps import SURE_WORDS, covered
from ingest.repeats import repeated_labels, whole_group

POSTS = [
    "I replaced the chain on my bike last week and it still skips under load on the hills.",
    "Check the cassette too: a worn cassette skips with a new chain, the teeth are hooked.",
    "Agreed, and measure the chainring as well, they wear together over a few thousand miles.",
    "Thanks all, it was the cassette. New one fitted and no more skipping on the climbs.",
]


def thread(head: str = "", menu: str = "<a href='/'>Home</a> <a href='/f'>Forums</a> <a href='/new'>New posts</a>") -> str:
    posts = "".join(f"<div class='post'><span class='user'>rider{n}</span><p>{text}</p></div>" for n, text in enumerate(POSTS))
    return f"<html><head><title>Chain skips</title>{head}</head><body><div class='post'>{menu}</div><main>{posts}</main></body></html>"


def group_of(html: str, extracted: str) -> list[str] | None:
    owned = owned_lines(load_html(html))
    return whole_group(owned, covered(extracted, [line for line, _ in owned], SURE_WORDS))


def test_the_extraction_of_one_post_becomes_the_whole_thread_in_page_order() -> None:
    group = group_of(thread(), POSTS[0])
    assert group == [line for n, text in enumerate(POSTS) for line in (f"rider{n}", text)]


def test_the_extraction_of_the_first_posts_becomes_the_whole_thread() -> None:
    more = [f"Reply {n}: the same happened to me after a winter of salty roads, and a new cassette fixed it." for n in range(4)]
    page = thread().replace("</main>", "".join(f"<div class='post'><p>{text}</p></div>" for text in more) + "</main>")
    assert group_of(page, "\n".join(POSTS[:2])) == [line for n, text in enumerate(POSTS) for line in (f"rider{n}", text)] + more


def test_a_sibling_that_is_mostly_links_is_no_post() -> None:
    group = group_of(thread(), POSTS[0])
    assert group is not None and "Home Forums New posts" not in group


def test_the_labels_of_an_items_buttons_are_left_out_of_the_group() -> None:
    page = thread().replace("<p>", "<button><span>More actions for this post</span></button><p>")
    group = group_of(page, POSTS[0])
    assert group == [line for n, text in enumerate(POSTS) for line in (f"rider{n}", text)]


def test_too_few_items_or_too_little_more_text_keeps_the_extraction() -> None:
    short = thread().replace(POSTS[2], "Same here.").replace(POSTS[3], "Fixed now.").replace(POSTS[1], "Me too.")
    assert group_of(short, POSTS[0]) is None  # the other posts add less than the kept post's words again
    two = thread().replace("<div class='post'><span class='user'>rider3", "<div class='reply'><span class='user'>rider3").replace(
        "<div class='post'><span class='user'>rider2", "<div class='reply'><span class='user'>rider2")
    assert group_of(two, POSTS[0]) is None  # two posts of a kind (and a menu): no repeated group


def test_a_page_that_declares_one_article_or_product_keeps_the_extraction() -> None:
    assert group_of(thread("<meta property='og:type' content='article'>"), POSTS[0]) is None
    assert group_of(thread("<meta name='og:type' content='product.item'>"), POSTS[0]) is None
    assert group_of(thread("<meta property='og:type' content='shop_sharing:product'>"), POSTS[0]) is None  # a site's own namespace
    assert group_of(thread("<meta property='og:type' content='website'>"), POSTS[0]) is not None
    variants = '<script type="application/ld+json">{"@type": "ProductGroup", "hasVariant": [{"@type": "Product"}]}</script>'
    assert group_of(thread(variants), POSTS[0]) is None
    ld = '<script type="application/ld+json">{"@context": "https://schema.org", "@graph": [{"@type": ["NewsArticle"]}]}</script>'
    assert group_of(thread(ld), POSTS[0]) is None
    # A web page whose main entity is one product, and a graph given as one node (jsonld.declared_types reads mainEntity and a one-node @graph).
    main_entity = '<script type="application/ld+json">{"@type": "WebPage", "mainEntity": {"@type": "Product"}}</script>'
    assert group_of(thread(main_entity), POSTS[0]) is None
    one_node = '<script type="application/ld+json">{"@graph": {"@type": "Product"}}</script>'
    assert group_of(thread(one_node), POSTS[0]) is None
    forum = '<script type="application/ld+json">{"@type": "DiscussionForumPosting"}</script><script type="application/ld+json">{oops</script>'
    assert group_of(thread(forum), POSTS[0]) is not None


def test_nothing_extracted_nothing_grouped() -> None:
    assert group_of(thread(), "") is None
    assert group_of(thread(), "A line that is nowhere on the page at all.") is None


def test_a_json_ld_script_nested_too_deep_to_read_is_skipped_like_an_unreadable_one() -> None:
    deep = '<script type="application/ld+json">' + "[" * 100_000 + "]" * 100_000 + "</script>"
    assert group_of(thread(deep), POSTS[0]) is not None  # not a RecursionError failing the whole page
    graphs = '<script type="application/ld+json">' + '{"@graph": [' * 5000 + "{}" + "]}" * 5000 + "</script>"
    assert group_of(thread(graphs), POSTS[0]) is not None


def test_a_line_every_post_repeats_counts_as_kept_once_not_in_every_post() -> None:
    # The extraction holds the signature once; counted in every post, the kept text seemed to lie
    # across the thread rather than in the first post, and the thread to add too little to it.
    signature = "Sent from my phone, so please excuse the typos and the short answers here."
    page = thread().replace("</p></div>", f"</p><p>{signature}</p></div>")
    group = group_of(page, f"{POSTS[0]}\n{signature}")
    assert group == [line for n, text in enumerate(POSTS) for line in (f"rider{n}", text, signature)]


def test_the_buttons_and_badges_every_post_repeats_are_left_out_of_the_thread() -> None:
    furniture = "<div>Member</div><div><a href='/r'>Reply</a></div><div>Joined</div><div>Mar 2021</div><div>Location:</div>"
    long_posts = [f"{text} {text} {text}" for text in POSTS]  # posts, not cards: forty words and more
    posts = "".join(f"<div class='post'><div>rider{n}</div><p>{text}</p>{furniture}</div>" for n, text in enumerate(long_posts))
    page = f"<html><body><main>{posts}</main></body></html>"
    group = group_of(page, long_posts[0])
    # a date, a field name and what each rider wrote stay
    assert group == [line for n, text in enumerate(long_posts) for line in (f"rider{n}", text, "Mar 2021", "Location:")]


def test_the_values_every_card_repeats_stay_and_so_do_field_names() -> None:
    # Short items (product cards) repeat values that are their content ("Rechargeable").
    cards = "".join(f"<div class='card'><h3>Lamp {n}</h3><p>Rechargeable</p><p>Weight:</p><p>{n} ounces</p></div>" for n in range(6))
    page = f"<html><body><main>{cards}</main></body></html>"
    group = group_of(page, "Lamp 0")
    assert group is not None and group.count("Rechargeable") == 6 and group.count("Weight:") == 6


def test_striped_posts_and_the_first_and_last_of_them_are_of_one_kind() -> None:
    stripes = ["post bg1 first", "post bg2", "post bg1", "post bg2 last"]
    posts = "".join(f"<div class='{kind}'><span class='user'>rider{n}</span><p>{text}</p></div>" for n, (kind, text) in enumerate(zip(stripes, POSTS)))
    page = f"<html><head><title>Chain skips</title></head><body><main>{posts}</main></body></html>"
    # The extractor kept the posts of one stripe: the thread is all four, as one group.
    assert group_of(page, "\n".join([POSTS[0], POSTS[2]])) == [line for n, text in enumerate(POSTS) for line in (f"rider{n}", text)]


def test_a_class_word_that_numbers_a_module_keeps_its_kind() -> None:
    modules = "".join(f"<div class='module module-{n}14'><p>{text}</p></div>" for n, text in enumerate(POSTS))
    page = f"<html><head><title>Modules</title></head><body><main>{modules}</main></body></html>"
    assert group_of(page, POSTS[0]) is None  # module-014, module-114 ... are not rows of one kind


# Scripts without spaces: a paragraph is one run of characters, which counted by spaces is one word.
POSTS_ZH = [
    "上周我换了自行车的链条，但是上坡用力踩的时候还是会跳齿，骑了两天都一样，不知道问题出在哪里，有没有人遇到过同样的情况，应该先检查哪个零件比较好。",
    "你也要检查一下飞轮，飞轮磨损以后换上新链条一样会跳齿，仔细看齿尖是不是已经变成钩子的形状了，如果是的话就要和链条一起换掉，不然新链条也会很快磨坏。",
    "同意楼上的说法，牙盘最好也量一下，链条、飞轮和牙盘是一起磨损的，骑了几千公里以后通常要一起更换，只换其中一个往往解决不了跳齿的问题，还会多花钱。",
    "谢谢大家的回复，原来确实是飞轮的问题，今天换了一个新的飞轮以后再去爬坡就完全不跳齿了，骑起来也安静了很多，以后我会定期检查这几个零件的磨损情况。",
]


def thread_zh(posts: list[str], extra: str = "") -> str:
    items = "".join(f"<div class='post'><div>rider{n}</div><p>{text}</p>{extra}</div>" for n, text in enumerate(posts))
    return f"<html><body><main>{items}</main></body></html>"


def test_in_a_script_without_spaces_the_buttons_every_post_repeats_are_left_out() -> None:
    # Forty words a post: a Chinese post of a paragraph or two is one or two runs by its spaces.
    buttons = "<div>回复</div><div>引用</div><div>会员</div>"
    long_posts = [text * 2 for text in POSTS_ZH]  # sixty-odd words each, as text.words counts them
    group = group_of(thread_zh(long_posts, buttons), long_posts[0])
    assert group == [line for n, text in enumerate(long_posts) for line in (f"rider{n}", text)]


def test_in_a_script_without_spaces_a_long_line_every_item_repeats_is_no_label() -> None:
    # A signature of fifteen characters is seven words and a half: what someone wrote, no button's label.
    signature = "每天骑车一小时身体健康心情愉快"
    lines = [(line, n) for n in range(4) for line in (POSTS_ZH[n], signature, "返信", "メンバー")]
    assert repeated_labels(lines, 4) == {"返信", "メンバー"}


def test_a_label_with_vowel_signs_is_words_alone() -> None:
    # Thai and Devanagari write vowels as combining marks, which are no word characters to `re`.
    lines = [(line, n) for n in range(4) for line in (POSTS_ZH[n], "ตอบกลับ", "สมาชิก", "उत्तर", "สมาชิก 12")]
    assert repeated_labels(lines, 4) == {"ตอบกลับ", "สมาชิก", "उत्तर"}


def test_in_a_script_without_spaces_a_long_post_and_short_replies_keep_the_extraction() -> None:
    # The other posts add a few words to the kept post's many, though they add more lines than it has.
    short = thread_zh([POSTS_ZH[0] * 2, "我也是。", "同上。", "已解决。"])
    assert group_of(short, POSTS_ZH[0] * 2) is None


def test_in_a_script_without_spaces_short_lines_kept_and_long_posts_beside_them_become_the_thread() -> None:
    # The kept post's six short lines are six words by spaces, the three other posts three: too few.
    first = ["链条是新的", "飞轮是旧的", "牙盘没换过", "上坡会跳齿", "平路没问题", "怎么办才好"]
    posts = "".join(f"<div class='post'><p>{text}</p></div>" for text in ["<br>".join(first), *POSTS_ZH[1:]])
    group = group_of(f"<html><body><main>{posts}</main></body></html>", "\n".join(first))
    assert group == [*first, *POSTS_ZH[1:]]
