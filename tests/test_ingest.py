"""Ingest: reading versions, stripping page furniture, extracting metadata, refusing bad input."""

from __future__ import annotations

import json
import pickle
import re
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from compare import ingest
from compare.errors import InputError, NoArticleText
from compare.ingest import MAX_INPUT_BYTES, read_story, read_version, safe_story_id
from compare.model import TimeInterval
from compare.resources import sample_story_dir

CORPUS = Path("/work/shared/corpus")
SAMPLE = sample_story_dir()

# Furniture that must never survive into an article body.
FURNITURE = re.compile(
    r"^(?:©|copyright\b)|all rights reserved|^first published\b"
    r"|^by\s+[A-Z ]+,? associated press$|^(?:the )?associated press$",
    re.IGNORECASE,
)


def page(text: str, tmp_path: Path, name: str = "page.txt"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return read_version(path)


def paragraphs(article) -> list[str]:
    return article.text.split("\n\n")


def reasons(article) -> dict[str, str]:
    return {removed.text: removed.reason for removed in article.removed}


LEAD = "The council voted on Tuesday to close the old bridge for repairs after an inspection."
SECOND = "Engineers found cracks in two of the supports, the city's transport office said."
THIRD = "Drivers will be sent through the northern tunnel until the work ends in March."
FOURTH = '"We had no choice," Mayor Ana Ruiz told reporters outside the town hall on Tuesday.'


# --- the built-in sample ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def sample():
    story, articles = read_story([SAMPLE])
    return story, {article.id: article for article in articles}


def test_sample_metadata(sample):
    story, articles = sample
    dhaka, manila = articles["dhaka"], articles["manila"]
    assert story.id == "putin-kim-2024-06-19"
    assert story.title == "Putin and Kim Jong Un sign a strategic partnership treaty in Pyongyang"
    assert dhaka.headline == "Putin in North Korea to boost defence ties"
    assert manila.headline == "Putin, Kim ink strategic alliance treaty"
    assert (dhaka.outlet, manila.outlet) == ("Business Insider Bangladesh", None)
    assert (dhaka.dateline, manila.dateline) == (None, "MOSCOW")
    assert (dhaka.published, dhaka.published_source) == ("2024-06-19T12:27", "article")
    assert (manila.published, manila.published_source) == (None, None)


def test_sample_manifest_phases_in_manifest_order(sample):
    _, articles = sample
    assert list(articles) == ["dhaka", "manila"]
    assert [a.phase for a in articles.values()] == ["pre-summit", "post-treaty"]


def test_sample_removed_lines_and_reasons(sample):
    _, articles = sample
    assert [(r.line, r.reason) for r in articles["dhaka"].removed] == [
        (1, "page-date"),
        (3, "page-date"),
        (5, "masthead"),
        (7, "headline"),
        (9, "byline"),
        (11, "published-line"),
        (12, "repeated-headline"),
        (14, "photo-credit"),
    ]
    assert [(r.line, r.reason) for r in articles["manila"].removed] == [
        (1, "widget"),
        (2, "weather"),
        (3, "weather"),
        (4, "page-date"),
        (6, "headline"),
        (12, "advertisement"),
        (60, "navigation"),
        (62, "navigation"),
    ]


@pytest.mark.parametrize("name", ["dhaka", "manila"])
def test_sample_keeps_every_line_of_prose(sample, name):
    article = sample[1][name]
    lines = (SAMPLE / f"{name}.txt").read_text(encoding="utf-8").splitlines()
    prose = [x.strip() for x in lines if len(x.split()) >= 6 and x.strip()[-1] in '.!?"”']
    body = paragraphs(article)
    assert len(prose) >= 20
    for line in prose:
        assert any(line.endswith(p) for p in body), f"lost: {line}"
    assert len(body) == len(prose) + (1 if name == "dhaka" else 0)  # dhaka: one crosshead


def test_sample_page_dates_are_furniture_never_published(sample):
    _, articles = sample
    page_dates = {r.text for a in articles.values() for r in a.removed if r.reason == "page-date"}
    assert page_dates == {"Dhaka, Monday", "22 July 2024", "Sunday, November 24, 2024"}
    assert articles["manila"].published is None


def test_sample_dateline_is_stripped_and_crosshead_kept(sample):
    _, articles = sample
    assert articles["manila"].text.startswith("Russian President Vladimir Putin")
    assert "- 'Arsenal for autocracy' -" in paragraphs(articles["dhaka"])
    assert "Putin in North Korea" not in articles["dhaka"].text
    assert "\n\n\n" not in articles["dhaka"].text


# --- rules on hand-written pages --------------------------------------------------------------


def test_a_caption_printed_twice_over_its_photo_credit_is_furniture(tmp_path):
    # A gallery and its lightbox print the same caption twice, then the credit: in the body
    # (between paragraphs of the story), neither copy is story text.
    caption = "The mayor and her husband arrive at the airport in Oslo on the eve of the talks."
    lines = [
        "Old bridge closes for repairs",
        LEAD,
        SECOND,
        caption,
        caption,
        "(Jane Doe / AP)",
        THIRD,
        FOURTH,
    ]
    article = page("\n".join(lines), tmp_path)
    assert paragraphs(article) == [LEAD, SECOND, THIRD, FOURTH]


def test_the_top_pictures_caption_over_its_credit_is_not_the_lead(tmp_path):
    # USA Today's pages: headline, stamp line, the top picture's caption and its credit, then
    # the story.  The caption reads as prose where the story would begin.
    caption = "The mayor attends a meeting of the council in Oslo on Wednesday, July 11, 2018."
    lines = [
        "Old bridge closes for repairs",
        "USA TODAY Published 1:42 p.m. ET July 15, 2018",
        caption,
        "(Photo: Jane Doe, AP)",
        LEAD,
        SECOND,
    ]
    article = page("\n".join(lines), tmp_path)
    assert paragraphs(article) == [LEAD, SECOND]
    assert reasons(article)[caption] == "caption"
    # The Los Angeles Times prints it twice, the second time with the credit after it.
    lines[3] = f"{caption} (Jane Doe / AFP/Getty Images)"
    article = page("\n".join(lines), tmp_path, name="twice.txt")
    assert paragraphs(article) == [LEAD, SECOND]
    # CBS News credits a video still with its own name.
    lines[3] = "CBS News"
    article = page("\n".join(lines), tmp_path, name="still.txt")
    assert paragraphs(article) == [LEAD, SECOND]


def test_a_video_title_in_headline_case_is_another_storys_link(tmp_path):
    # SFGate's video strip: titles too long for a label, set as headlines, no full stop.
    title = "Netflix Is Now Worth More Than Disney With Boost From The Obamas Buzz 60"
    flash = "*PUTIN SAYS THE TIME HAS COME FOR SUBSTANTIVE BILATERAL TALKS WITH THE PRESIDENT"
    cut = "Engineers found cracks in two of the supports and the city's transport office said the"
    article = page("\n".join(["Old bridge closes", LEAD, title, flash, cut, SECOND]), tmp_path)
    assert paragraphs(article) == [LEAD, flash, cut, SECOND]
    assert reasons(article)[title] == "related-links"


def test_a_sales_desks_telephone_lines_are_no_headline(tmp_path):
    # Bloomberg's page top, scraped without its headline: "Americas+1 212 318 2000" looked
    # like a title.
    desks = ["For Customers", "Americas+1 212 318 2000", "EMEA+44 20 7330 7500"]
    article = page("\n".join([*desks, LEAD, SECOND]), tmp_path)
    assert article.headline is None
    assert paragraphs(article) == [LEAD, SECOND]
    assert reasons(article)["EMEA+44 20 7330 7500"] == "contact"


def test_a_long_wire_byline_with_the_agency_twice_is_furniture(tmp_path):
    byline = "The Associated Press — By JOHN SMITH, JANE DOE and MARIA ROSSI - Associated Press"
    article = page("\n".join(["Old bridge closes for repairs", byline, LEAD, SECOND]), tmp_path)
    assert paragraphs(article) == [LEAD, SECOND]
    assert "byline" in reasons(article).values()


def test_a_getty_caption_is_a_caption_and_a_page_of_one_is_no_article(tmp_path):
    caption = (
        "Workers inspect the old bridge in Riverton on July 15, 2018, ahead of its closure. "
        "(Photo by Jane DOE / AFP) (Photo credit should read JANE DOE/AFP/Getty Images)"
    )
    article = page(f"Old bridge closes\n\n{caption}\n\n{LEAD}\n\n{SECOND}", tmp_path)
    assert paragraphs(article) == [LEAD, SECOND]
    assert reasons(article)[caption] == "caption"
    with pytest.raises(NoArticleText):
        page(f"share\n\nmore_vert\n\n{caption}", tmp_path)
    # An agency's credit in brackets after a caption, or AP's with its transmission code.
    agency = "The mayor spoke out against the closure. (Jane Doe / Getty Images)"
    photographer = "The mayor at the bridge on Monday. (John Roe/Reuters)"
    coded = "The mayor walks across the bridge, July 12, 2018. (AP Photo/Jane Doe) ORG XMIT: XLB108"
    article = page(
        "\n\n".join(["Old bridge closes", LEAD, agency, SECOND, coded, photographer, THIRD]),
        tmp_path,
    )
    assert paragraphs(article) == [LEAD, SECOND, THIRD]
    assert {reasons(article)[line] for line in (agency, coded, photographer)} == {"caption"}
    # Fox News sets a photo's credit apart by a run of spaces: "… talks      (Lehtikuva)".  A
    # bracket after a single space is the story's own.
    spaced = "The old bridge is the site of the repairs                    \u00a0(Lehtikuva)"
    own = "The mayor thanked the crews (and their families)."
    article = page("\n\n".join(["Old bridge closes", LEAD, spaced, SECOND, own]), tmp_path)
    assert paragraphs(article) == [LEAD, SECOND, own]
    assert reasons(article)[spaced] == "caption"


def test_a_wires_bracketed_sign_off_and_refile_note_are_furniture(tmp_path):
    # Reuters ends a story with its credits in brackets, on a line of their own or run on after
    # the last sentence, and notes a refiling the same way: none of it is the story's.
    credits = (
        "(Additional reporting by Jane Doe in Riverton and John Roe in Oakdale; Writing by Ana "
        "Ruiz; Editing by Mark Potter and Lisa Shumaker)"
    )
    refile = "(The story is refiled to add the mayor's name, dropped from first paragraph.)"
    run_on = "(Reporting by Jane Doe; Editing by Mark Potter)"
    article = page(
        "\n\n".join(["Old bridge closes", LEAD, SECOND, f"{THIRD} {run_on}", refile, credits]),
        tmp_path,
    )
    assert paragraphs(article) == [LEAD, SECOND, THIRD]
    assert {reasons(article)[text] for text in (credits, refile, run_on)} == {"byline"}
    # A bracketed aside of the story's own stays.
    aside = "(The mayor, who took office in 2019, has not said whether she will run again.)"
    assert paragraphs(page(f"{LEAD}\n\n{aside}", tmp_path)) == [LEAD, aside]


def test_ap_page_byline_dateline_copyright_caption(tmp_path):
    article = page(
        "\n".join(
            [
                "Old bridge closes for repairs",
                "By JOHN SMITH, Associated Press",
                "FILE - In this March 3, 2020 file photo, cars cross. (AP Photo/Jane Doe)",
                f"HELSINKI, Finland (AP) — {LEAD}",
                SECOND,
                "(AP Photo/Jane Doe)",
                THIRD,
                FOURTH,
                "Copyright 2018 The Associated Press. All rights reserved. This material may not "
                "be published, broadcast, rewritten or redistributed.",
            ]
        ),
        tmp_path,
    )
    assert article.headline == "Old bridge closes for repairs"
    assert article.dateline == "HELSINKI, Finland"
    assert paragraphs(article) == [LEAD, SECOND, THIRD, FOURTH]
    assert list(reasons(article).values()) == [
        "headline",
        "byline",
        "caption",
        "photo-credit",
        "copyright",
    ]


@pytest.mark.parametrize(
    ("opening", "place"),
    [
        ("NEW YORK (AP) — ", "NEW YORK"),
        ("WASHINGTON — ", "WASHINGTON"),
        ("MOSCOW - ", "MOSCOW"),
        ("LONDON -- ", "LONDON"),
        ("Moscow – ", "Moscow"),
    ],
)
def test_datelines(tmp_path, opening, place):
    article = page(f"A headline for the bridge story\n\n{opening}{LEAD}\n\n{SECOND}\n", tmp_path)
    assert (article.dateline, paragraphs(article)[0]) == (place, LEAD)


def test_a_dash_after_a_name_is_not_a_dateline(tmp_path):
    text = f"Putin -- who is travelling with officials -- spoke with Kim at the airport.\n{SECOND}"
    article = page(text, tmp_path)
    assert article.dateline is None
    assert paragraphs(article)[0].startswith("Putin -- who")


def test_lone_dateline_line(tmp_path):
    article = page(f"Bridge closes\nThe Associated Press\nNEW YORK\n{LEAD}\n{SECOND}", tmp_path)
    assert article.dateline == "NEW YORK"
    assert reasons(article)["NEW YORK"] == "dateline"
    assert paragraphs(article) == [LEAD, SECOND]


def test_crosshead_kept_and_teasers_dropped(tmp_path):
    article = page(
        "\n".join(
            [
                LEAD,
                "Trending News",
                "De Blasio Interview",
                SECOND,
                "- 'A long winter' -",
                THIRD,
                "WHAT COMES NEXT",
                FOURTH,
                "What the mayor wants",
                "What the mayor wants is a new bridge by the end of next year, aides said.",
                "How gerrymandering became one of the biggest issues in politics",
                "Read more: Bridges across the state need repair",
                SECOND.replace("two", "three"),
            ]
        ),
        tmp_path,
    )
    assert paragraphs(article) == [
        LEAD,
        SECOND,
        "- 'A long winter' -",
        THIRD,
        "WHAT COMES NEXT",
        FOURTH,
        "What the mayor wants",
        "What the mayor wants is a new bridge by the end of next year, aides said.",
        SECOND.replace("two", "three"),
    ]
    assert reasons(article) == {
        "Trending News": "navigation",
        "De Blasio Interview": "related-links",
        "How gerrymandering became one of the biggest issues in politics": "related-links",
        "Read more: Bridges across the state need repair": "related-links",
    }


def test_sentences_that_look_like_furniture_are_kept(tmp_path):
    tricky = [
        "By Tuesday, the count had doubled.",
        "Related efforts have stalled for years, officials said.",
        "Spotify has 75 million paying subscribers, the company said on Friday.",
        "The photo, taken on July 16, 2018, shows the two leaders shaking hands.",
    ]
    article = page("\n".join([LEAD, *tricky, SECOND]), tmp_path)
    assert paragraphs(article) == [LEAD, *tricky, SECOND]


def test_promo_box_social_and_widgets(tmp_path):
    article = page(
        "\n".join(
            [
                LEAD,
                "SIGN UP",
                "Be the first to know.",
                "No one covers our town better than we do. Subscribe, you'll never miss a story.",
                "SIGN ME UP!",
                SECOND,
                "Now Playing:",
                "Mayor explains the bridge closure in a short video for viewers",
                "Media: Wibbitz",
                '"Our bridge is safe," the mayor wrote. pic.twitter.com/abc123',
                "— Ana Ruiz (@anaruiz) July 16, 2018",
                THIRD,
                "Follow Jane Doe on Twitter at https://twitter.com/janedoe",
                "- Advertisement -",
                FOURTH,
                "We want to hear what you think. Submit a letter to the editor or write to us.",
            ]
        ),
        tmp_path,
    )
    assert paragraphs(article) == [LEAD, SECOND, THIRD, FOURTH]
    assert set(reasons(article).values()) == {"advertisement", "widget", "social", "embedded-tweet"}
    assert reasons(article)['"Our bridge is safe," the mayor wrote. pic.twitter.com/abc123'] == (
        "embedded-tweet"
    )


def test_published_updated_and_time_zone(tmp_path):
    stamps = "Published 6:18 a.m. ET July 16, 2018\nUpdated 4:05 PM ET, Mon July 16, 2018"
    article = page(f"Bridge closes\n{stamps}\n{LEAD}\n{SECOND}", tmp_path)
    assert (article.published, article.published_source) == ("2018-07-16T06:18-04:00", "article")

    updated_only = page(f"Bridge closes\nUpdated 4:05 PM EST, Mon Jan 15, 2018\n{LEAD}", tmp_path)
    assert updated_only.published == "2018-01-15T16:05-05:00"
    assert updated_only.published_source == "article-updated"

    trailer = page(
        f"Bridge closes\n{LEAD}\n{SECOND}\nFirst published on May 31, 2019 / 10:50 AM", tmp_path
    )
    assert trailer.published == "2019-05-31T10:50"
    assert reasons(trailer)["First published on May 31, 2019 / 10:50 AM"] == "published-line"


def test_label_on_its_own_line_and_date_after_byline(tmp_path):
    split = page(f"Bridge closes\nUpdated\n2:00 am PDT, Monday, July 16, 2018\n{LEAD}", tmp_path)
    assert (split.published, split.published_source) == (
        "2018-07-16T02:00-07:00",
        "article-updated",
    )
    dated = page(f"Bridge closes\nBy The Associated Press\nMay 31, 2018\n{LEAD}", tmp_path)
    assert (dated.published, reasons(dated)["May 31, 2018"]) == ("2018-05-31", "published-line")


def test_page_header_date_is_never_published(tmp_path):
    article = page(
        f"Sunday, November 24, 2024\nBridge closes for repairs\n{LEAD}\n{SECOND}", tmp_path
    )
    assert article.published is None
    assert reasons(article)["Sunday, November 24, 2024"] == "page-date"


def stamp_fields(article) -> list[tuple]:
    return [(s.kind, s.value, s.precision, s.zone, s.source) for s in article.stamps]


def test_every_stamp_is_kept_and_the_latest_dates_the_text(tmp_path):
    # The Seattle Times page: the slug's first posting, then the update this text carries.
    header = (
        "Trump, Putin summit\nOriginally published July 15, 2018 at 9:06 pm\n"
        "Updated July 16, 2018 at 7:22 am\nShare story\nThe Associated Press"
    )
    article = page(f"{header}\n{LEAD}\n{SECOND}", tmp_path)
    assert stamp_fields(article) == [
        ("published", "2018-07-15T21:06", "minute", None, "article"),
        ("updated", "2018-07-16T07:22", "minute", None, "article"),
    ]
    assert article.stamps[1].text == "Updated July 16, 2018 at 7:22 am"
    assert article.published == "2018-07-15T21:06"  # published keeps its meaning
    assert article.dated_by == article.stamps[1]
    # 07:22 of an unknown zone: between 07:22 at UTC+14 and 07:22 at UTC-12.
    assert article.time == TimeInterval(
        datetime(2018, 7, 15, 17, 22, tzinfo=UTC), datetime(2018, 7, 16, 19, 22, tzinfo=UTC)
    )


def test_a_bare_date_is_a_day_long_stamp_of_unknown_zone(tmp_path):
    # The Boston Globe page: a byline, then the date alone.
    article = page(
        f"The Boston Globe\nBy ANGELA CHARLTON Associated Press\nJuly 16, 2018\n{LEAD}", tmp_path
    )
    assert stamp_fields(article) == [("plain", "2018-07-16", "day", None, "article")]
    assert article.time == TimeInterval(
        datetime(2018, 7, 15, 10, 0, tzinfo=UTC), datetime(2018, 7, 17, 12, 0, tzinfo=UTC)
    )


def test_a_stated_zone_makes_a_stamp_an_instant(tmp_path):
    article = page(f"Bridge closes\nPublished 6:18 a.m. ET July 16, 2018\n{LEAD}", tmp_path)
    assert stamp_fields(article) == [
        ("published", "2018-07-16T06:18-04:00", "minute", "ET", "article")
    ]
    moment = datetime(2018, 7, 16, 10, 18, tzinfo=UTC)
    assert article.time == TimeInterval(moment, moment)
    posted = page(f"Bridge closes\nPosted 2:00 am PDT, July 16, 2018\n{LEAD}", tmp_path)
    assert [s.kind for s in posted.stamps] == ["posted"]


def test_a_us_numeric_date_with_a_time_is_a_stamp(tmp_path):
    # The Chicago Sun-Times prints its section and stamp on one line.
    article = page(f"Nation/World 07/14/2018, 08:04pm\nBridge closes\n{LEAD}\n{SECOND}", tmp_path)
    assert stamp_fields(article) == [("plain", "2018-07-14T20:04", "minute", None, "article")]


def test_a_gallerys_caption_toggles_are_captions_and_a_gallery_alone_is_no_article(tmp_path):
    # Hearst pages (chron.com, sfgate.com) print each gallery caption whole with "less" (after
    # its credit, if it has one), then cut with "... more"; Newsday ends a video's caption
    # with its credit (the caption's "announced Friday" once read as the story's news).
    whole = "Workers inspect the old bridge in Riverton, Monday, July 16, 2018. less"
    cut = "Workers inspect the old bridge in Riverton, Monday, July 16, ... more"
    credited = "Workers inspect the bridge in Riverton, Monday. (Jane Doe/Lehtikuva via AP) less"
    video = "Bridge shut The closure was announced Friday by the mayor.   (Credit: THE AP)"
    article = page(
        f"Old bridge closes for repairs\n\n{whole}\n\n{cut}\n\n{credited}\n\n"
        f"RIVERTON (AP) — {LEAD}\n\n{SECOND}\n\n{video}\n\n{THIRD}",
        tmp_path,
    )
    assert paragraphs(article) == [LEAD, SECOND, THIRD]
    assert {reasons(article)[line] for line in (whole, cut, credited, video)} == {"caption"}
    with pytest.raises(InputError, match="no article text found"):
        page(f"Old bridge closes for repairs\n\n{whole}\n\n{cut}\n\nPhoto: Jane Doe, AP", tmp_path)
    # A bare text with no sentence at all is kept as it is (nothing on it is furniture).
    assert page("Old bridge closes for repairs", tmp_path).text == "Old bridge closes for repairs"


def test_an_aggregators_list_of_snippets_is_no_article_and_a_few_cut_paragraphs_are(tmp_path):
    # A news aggregator's topic page: other stories' first words, each cut off with "...".
    # However much text it holds, it is no version of a story.
    places = "Riverton Oakdale Millbrook Fairview Kingsport Ashford Lakeside Brookfield".split()
    snippets = [
        f"Engineers in {place} said on {day} that the {place} bridge would stay closed while ..."
        for place in places
        for day in ("Monday", "Tuesday")
    ][:12]
    with pytest.raises(
        NoArticleText, match=r"12 of its 13 paragraphs are other stories' snip"
    ) as e:
        page("Bridge closures\n\n" + "\n\n".join([LEAD, *snippets]), tmp_path)
    copy = pickle.loads(pickle.dumps(e.value))  # as a batch worker's error travels
    assert (str(copy), copy.why) == (str(e.value), e.value.why)
    # Nine cut paragraphs among a story's sentences, or a preview box's two: a story page.
    story = "\n\n".join([LEAD, SECOND, THIRD] * 5 + snippets[:9])
    assert len(paragraphs(page(story, tmp_path))) == 24
    preview = f"{LEAD}\n\n{snippets[0]}\n\n{snippets[1]}"
    assert page(preview, tmp_path).text == preview


def test_a_scroll_to_top_button_is_no_headline(tmp_path):
    # The Boston Globe's pages open with the masthead and the button's label.
    article = page(
        f"The Boston Globe\n\nScroll to top of page\n\nAP\n\nJuly 16, 2018\n\n"
        f"HELSINKI — {LEAD}\n\n{SECOND}\n\n{THIRD}",
        tmp_path,
    )
    assert article.headline is None
    assert reasons(article)["Scroll to top of page"] == "widget"
    assert paragraphs(article) == [LEAD, SECOND, THIRD]


def test_a_live_pages_relative_ages_are_furniture_and_its_stated_time_a_stamp(tmp_path):
    # CNN's live page: an entry's age above its title, and the update line with the age
    # glued to the stated time by the scraper.
    article = page(
        f"9 min ago\n\nOld bridge closes for repairs\n\n"
        f"Updated less than 1 min ago7:20 a.m. ET, July 16, 2018\n\n"
        f"{LEAD}\n\n{SECOND}\n\n19 min ago\n\n{THIRD}\n\n{FOURTH}",
        tmp_path,
    )
    assert article.headline == "Old bridge closes for repairs"
    assert stamp_fields(article) == [
        ("updated", "2018-07-16T07:20-04:00", "minute", "ET", "article")
    ]
    assert paragraphs(article) == [LEAD, SECOND, THIRD, FOURTH]
    # A sentence of the story that tells how long ago something happened stays.
    told = "The bridge closed 2 hours ago, police said."
    kept = page(f"Old bridge closes for repairs\n\n{LEAD}\n\n{told}\n\n{SECOND}", tmp_path)
    assert told in paragraphs(kept)


def test_two_stamps_on_one_byline_line_are_both_kept(tmp_path):
    # USA TODAY's byline line states the first posting and the update this text carries.
    line = (
        "Gregory Korte and John Fritze , USA TODAY Published 3:55 a.m. ET July 16, 2018 | "
        "Updated 7:15 a.m. ET July 16, 2018"
    )
    article = page(f"Bridge closes\n{line}\n{LEAD}\n{SECOND}", tmp_path)
    assert stamp_fields(article) == [
        ("published", "2018-07-16T03:55-04:00", "minute", "ET", "article"),
        ("updated", "2018-07-16T07:15-04:00", "minute", "ET", "article"),
    ]
    assert article.published == "2018-07-16T03:55-04:00"
    assert article.dated_by == article.stamps[1]
    # A sentence that mentions a publication is not a stamp line.
    told = "He said the plan was published July 16, 2018 and updated July 17, 2018 by the board."
    assert page(f"Bridge closes\n{LEAD}\n{told}\n{SECOND}", tmp_path).stamps == ()


def test_a_viewing_date_is_no_stamp(tmp_path):
    article = page(
        f"Sunday, November 24, 2024\nBridge closes for repairs\n{LEAD}\n{SECOND}", tmp_path
    )
    assert article.stamps == () and article.time is None


def test_manifest_times_are_stamps_too(tmp_path):
    path = tmp_path / "page.txt"
    path.write_text(f"Bridge closes\nUpdated 4:05 PM ET, Mon July 16, 2018\n{LEAD}", "utf-8")
    article = read_version(path, published="2018-07-16T09:00:00+02:00")
    assert stamp_fields(article) == [
        ("updated", "2018-07-16T16:05-04:00", "minute", "ET", "article"),
        ("published", "2018-07-16T09:00+02:00", "minute", "+02:00", "manifest"),
    ]
    assert article.dated_by is article.stamps[0]  # the update is the later of the two


def test_outlet_from_title_suffix_masthead_or_desk(tmp_path):
    suffix = page(f"Bridge closes for repairs | Harbor Gazette\n{LEAD}", tmp_path)
    assert (suffix.outlet, suffix.headline) == ("Harbor Gazette", "Bridge closes for repairs")
    masthead = page(f"The Valley Herald\nBridge closes for repairs\n{LEAD}", tmp_path)
    assert masthead.outlet == "The Valley Herald"
    desk = page(f"Bridge closes for repairs\nCity Desk || ValleyPost\n{LEAD}", tmp_path)
    assert desk.outlet == "ValleyPost"
    place = page(f"Philippines\nBridge closes for repairs\n{LEAD}", tmp_path)
    assert place.outlet is None


# --- the shared corpus ------------------------------------------------------------------------

# The shortest real story in the corpus (the Finnish brewery piece) runs four paragraphs, and two
# Spotify pages show only the first four before a subscription wall: every page keeps at least that.
MIN_BODY_PARAGRAPHS = 4


def corpus_files() -> list[Path]:
    return sorted(CORPUS.glob("*/*.txt")) if CORPUS.is_dir() else []


@pytest.mark.parametrize("path", corpus_files(), ids=lambda p: f"{p.parent.name[:20]}/{p.name}")
def test_corpus_page(path):
    article = read_version(path)
    body = paragraphs(article)
    assert len(body) >= MIN_BODY_PARAGRAPHS
    for paragraph in body:
        assert not FURNITURE.search(paragraph), paragraph
    lines = path.read_text(encoding="utf-8").splitlines()
    for r in article.removed:
        assert r.text and r.text in lines[r.line - 1] and r.reason
    whole = {r.line for r in article.removed if lines[r.line - 1].strip() == r.text}
    # Every non-blank line is either removed whole (with a reason) or a kept paragraph: the
    # line less a dateline before it and the furniture parts cut out of it (each recorded).
    kept = [n for n, line in enumerate(lines, 1) if line.strip() and n not in whole]
    assert len(kept) == len(body)
    for n, paragraph in zip(kept, body, strict=True):
        line = lines[n - 1].strip()
        for r in article.removed:
            if r.line == n:
                line = line.replace(r.text, " ", 1)
        assert " ".join(line.split()).endswith(" ".join(paragraph.split()))
    if article.headline is not None:
        assert any(r.reason == "headline" for r in article.removed)


def test_corpus_is_present_or_skipped():
    if not CORPUS.is_dir():
        pytest.skip("shared corpus not present")
    assert len(corpus_files()) >= 30


# --- reading and refusing input ---------------------------------------------------------------


def one_line_error(excinfo, *fragments: str) -> None:
    message = str(excinfo.value)
    assert "\n" not in message
    for fragment in fragments:
        assert fragment in message, message


def test_missing_file_and_folder(tmp_path):
    with pytest.raises(InputError) as excinfo:
        read_story([tmp_path / "nope.txt", SAMPLE / "dhaka.txt"])
    one_line_error(excinfo, "nope.txt", "no such file")
    with pytest.raises(InputError) as excinfo:
        read_story([tmp_path / "nofolder"])
    one_line_error(excinfo, "nofolder")


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        (b"", "file is empty"),
        (b"  \n\t\n ", "only whitespace"),
        (b"GIF89a\x00\x01\x02 text", "binary"),
        (b"spot_img\n28.4 C\nLATEST NEWS\n", "no article text found"),
    ],
)
def test_bad_files(tmp_path, content, fragment):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(InputError) as excinfo:
        read_version(path)
    one_line_error(excinfo, "bad.txt", fragment)


def test_file_over_the_size_limit(tmp_path):
    path = tmp_path / "huge.txt"
    path.write_bytes(b"word " * (MAX_INPUT_BYTES // 5 + 1))
    with pytest.raises(InputError) as excinfo:
        read_version(path)
    one_line_error(excinfo, "huge.txt", "too large")


def test_encodings_and_newlines(tmp_path):
    text = f"Café owners protest\r\n\r\n{LEAD}\r{SECOND}\r\n"
    for name, data in [
        ("bom.txt", b"\xef\xbb\xbf" + text.encode("utf-8")),
        ("utf16.txt", text.encode("utf-16")),
        ("legacy.txt", text.encode("cp1252")),
    ]:
        (tmp_path / name).write_bytes(data)
        article = read_version(tmp_path / name)
        assert article.headline == "Café owners protest", name
        assert paragraphs(article) == [LEAD, SECOND], name


def test_inline_text_and_explicit_metadata(tmp_path):
    article = read_version(
        "manifest.jsonl line 3",
        text=f"Bridge closes\nPublished: 12:27, 19 June 2024\n{LEAD}",
        version_id="Early Copy",
        outlet="Daily Example",
        published="2024-06-20T08:00",
        phase="early",
    )
    assert (article.id, article.path, article.outlet) == (
        "early-copy",
        "manifest.jsonl line 3",
        "Daily Example",
    )
    assert (article.published, article.published_source) == ("2024-06-20T08:00", "manifest")
    assert article.phase == "early"


def test_single_version_is_refused(tmp_path):
    with pytest.raises(InputError) as excinfo:
        read_story([SAMPLE / "dhaka.txt"])
    one_line_error(excinfo, "need at least two versions, got 1")
    folder = tmp_path / "story"
    folder.mkdir()
    (folder / "only.txt").write_text(LEAD)
    (folder / ".hidden.txt").write_text(LEAD)
    (folder / "notes.pdf").write_text(LEAD)
    with pytest.raises(InputError) as excinfo:
        read_story([folder])
    one_line_error(excinfo, "story", "need at least two versions, got 1")


def test_files_story_id_and_duplicate_version_ids(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "dhaka.txt").write_text(f"Bridge\n{LEAD}")
    story, articles = read_story([SAMPLE / "dhaka.txt", SAMPLE / "manila.txt"])
    assert story.id == "dhaka-vs-manila" and story.title is None
    story, articles = read_story(
        [SAMPLE / "dhaka.txt", tmp_path / "a" / "dhaka.txt"], story_id="X Y"
    )
    assert story.id == "x-y"
    assert [a.id for a in articles] == ["dhaka", "dhaka-2"]
    assert articles[1].path == str(tmp_path / "a" / "dhaka.txt")


def test_folder_without_manifest_reads_text_files_by_name(tmp_path):
    folder = tmp_path / "My Story"
    folder.mkdir()
    (folder / "b.md").write_text(f"Second\n{SECOND}")
    (folder / "a.txt").write_text(f"First\n{LEAD}")
    (folder / "c.html").write_text(f"Third\n{THIRD}")
    story, articles = read_story([folder])
    assert story.id == "my-story"
    assert [a.id for a in articles] == ["a", "b", "c"]


def write_story(tmp_path: Path, manifest: str) -> Path:
    folder = tmp_path / "story"
    folder.mkdir()
    (folder / "one.txt").write_text(f"First version of the story\n{LEAD}")
    (folder / "two.txt").write_text(f"Second version\n{SECOND}")
    (folder / "story.toml").write_text(manifest)
    return folder


def test_manifest_order_and_overrides(tmp_path):
    folder = write_story(
        tmp_path,
        'title = "Bridge"\n'
        '[[versions]]\nfile = "two.txt"\noutlet = "Two Times"\npublished = 2024-06-19T12:27:00\n'
        'url = "https://example.com/two"\nheadline = "Given headline"\n'
        '[[versions]]\nfile = "one.txt"\npublished = "2024-06-20"\nphase = "late"\n',
    )
    story, articles = read_story([folder])
    assert story.title == "Bridge"
    two, one = articles
    assert [two.id, one.id] == ["two", "one"]
    assert (two.outlet, two.published, two.published_source) == (
        "Two Times",
        "2024-06-19T12:27",
        "manifest",
    )
    assert (two.url, two.headline) == ("https://example.com/two", "Given headline")
    assert (one.published, one.phase, one.headline) == (
        "2024-06-20",
        "late",
        "First version of the story",
    )


def test_malformed_manifest_names_the_line(tmp_path):
    folder = write_story(tmp_path, 'title = "Bridge"\n[[versions]]\nfile = = "one.txt"\n')
    with pytest.raises(InputError) as excinfo:
        read_story([folder])
    one_line_error(excinfo, "story.toml", "line 3")


@pytest.mark.parametrize(
    ("manifest", "fragment"),
    [
        ('[[versions]]\nfile = "missing.txt"\n', "'missing.txt' not found"),
        ('[[versions]]\nfile = "one.txt"\npublised = "2024"\n', "unknown key 'publised'"),
        ('[[versions]]\nfile = "one.txt"\npublished = "last week"\n', "not an ISO 8601 date"),
        ('[[versions]]\noutlet = "x"\n', "needs a file name"),
    ],
)
def test_bad_manifest_entries(tmp_path, manifest, fragment):
    folder = write_story(tmp_path, manifest)
    with pytest.raises(InputError) as excinfo:
        read_story([folder])
    one_line_error(excinfo, "story.toml", fragment)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("../x", "x"),
        ("/etc", "etc"),
        ("a/../../b", "a-.-.-b"),
        ("Zürich\tstory", "zurich-story"),
        ("evil\x00\x1bname\n", "evil-name"),
        ("..hidden", "hidden"),
        ("Putin–Kim 2024", "putin-kim-2024"),
        ("x" * 300, "x" * 100),
    ],
)
def test_safe_story_id(raw, expected):
    safe = safe_story_id(raw)
    assert safe == expected
    assert re.fullmatch(r"[a-z0-9_-][a-z0-9._-]*", safe) and ".." not in safe


@pytest.mark.parametrize("raw", ["", "../..", "///", "\x00\x01"])
def test_unusable_story_ids_are_refused(raw):
    with pytest.raises(InputError) as excinfo:
        safe_story_id(raw)
    one_line_error(excinfo, "story id")


def test_public_surface():
    assert set(ingest.__all__) == {
        "MAX_INPUT_BYTES",
        "check_count",
        "detect_format",
        "language_warning",
        "read_story",
        "read_version",
        "safe_story_id",
    }


# --- furniture glued inside a paragraph -------------------------------------------------------


def test_a_widget_pasted_after_a_paragraph_is_cut_and_recorded(tmp_path):
    # sfgate pages paste a carousel of other stories' snippets after a run of spaces.
    teaser = "Trump moved calmly inside.      British police said they were trying to trace it."
    article = page(f"{LEAD}\n\n{SECOND}                    {teaser}\n\n{THIRD}", tmp_path)
    assert paragraphs(article) == [LEAD, SECOND, THIRD]
    assert reasons(article)[teaser] == "widget"
    assert [r.line for r in article.removed if r.text == teaser] == [3]


def test_a_tweet_signature_inside_a_paragraph_is_cut(tmp_path):
    signature = "pic.twitter.com/AbC123 — Donald J. Trump (@realDonaldTrump) July 16, 2018"
    article = page(f"{LEAD}\n\n{SECOND} {signature} {THIRD}\n\n{FOURTH}", tmp_path)
    assert paragraphs(article) == [LEAD, f"{SECOND} {THIRD}", FOURTH]
    assert reasons(article)[signature] == "embedded-tweet"


def test_an_embedded_tweet_is_its_text_and_its_signature_line(tmp_path):
    tweet = "Our relationship with Russia has NEVER been worse thanks to many years of foolishness!"
    signature = "— Donald J. Trump (@realDonaldTrump) July 16, 2018"
    article = page(f"{LEAD}\n\n{SECOND}\n\n{tweet}\n\n{signature}\n\n{THIRD}", tmp_path)
    assert paragraphs(article) == [LEAD, SECOND, THIRD]
    assert reasons(article)[tweet] == "embedded-tweet"
    assert reasons(article)[signature] == "social"


def test_a_line_telling_of_the_tweet_above_a_bare_signature_is_the_story(tmp_path):
    # The embed lost its text; what is left above its signature is the outlet's own lead-in.
    lead_in = "Russia's Foreign Ministry tweeted later that it agreed with the president."
    signature = "— MFA Russia (@mfa_russia) July 16, 2018"
    article = page(f"{LEAD}\n\n{SECOND}\n\n{lead_in}\n\n{signature}\n\n{THIRD}", tmp_path)
    assert paragraphs(article) == [LEAD, SECOND, lead_in, THIRD]
    assert reasons(article)[signature] == "social"


def test_a_related_teaser_after_the_last_sentence_is_cut(tmp_path):
    teaser = "Related: Trump heads to Helsinki for a summit with Putin"
    article = page(f"{LEAD}\n\n{SECOND} {teaser}\n\n{THIRD}", tmp_path)
    assert paragraphs(article) == [LEAD, SECOND, THIRD]
    assert reasons(article)[teaser] == "related-links"


def test_prose_that_mentions_related_or_twitter_is_kept(tmp_path):
    related = "The two cases are related: both judges cited the same ruling, officials said."
    handle = "The account (@spotify) posted the change, and the company confirmed it later."
    article = page(f"{LEAD}\n\n{related}\n\n{handle}\n\n{THIRD}", tmp_path)
    assert paragraphs(article) == [LEAD, related, handle, THIRD]


def test_a_story_toml_listing_some_versions_keeps_the_others(tmp_path):
    # The trap of issue 16: annotating one file must not drop the rest of the folder.
    folder = write_story(tmp_path, '[[versions]]\nfile = "two.txt"\noutlet = "Two Times"\n')
    (folder / "three.md").write_text(f"Third version\n{THIRD}")
    _, articles = read_story([folder])
    assert [a.id for a in articles] == ["two", "one", "three"]
    assert [a.outlet for a in articles] == ["Two Times", None, None]


def _listing(folder: Path, *entries: object) -> None:
    lines = [e if isinstance(e, str) else json.dumps(e) for e in entries]
    (folder / "versions.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_a_scrapers_versions_jsonl_names_the_outlets(tmp_path):
    # The corpus's format: publisher names the outlet; the scrape time is never a date.
    folder = write_story(tmp_path, '[[versions]]\nfile = "two.txt"\noutlet = "Two Times"\n')
    seen = "2018-07-16T07:28:24-04:00"
    _listing(
        folder,
        {"file": "one.txt", "publisher": "freep.com", "scrape_time": seen},
        {"file": "two.txt", "publisher": "ignored.com"},  # story.toml's outlet wins
        {"file": "../elsewhere.txt", "outlet": "Elsewhere"},  # matched by name, never opened
    )
    notes: list[str] = []
    _, articles = read_story([folder], on_note=notes.append)
    assert {a.id: a.outlet for a in articles} == {"two": "Two Times", "one": "freep.com"}
    assert all(s.value[:10] != seen[:10] for a in articles for s in a.stamps)
    assert all(a.published is None for a in articles)
    assert notes == []


def test_a_scrape_time_is_kept_as_when_the_page_was_seen_only_with_its_zone(tmp_path):
    folder = write_story(tmp_path, "")
    _listing(
        folder,
        {"file": "one.txt", "publisher": "a.com", "scrape_time": "2018-07-16T07:28:24-04:00"},
        {"file": "two.txt", "publisher": "b.com", "scrape_time": "2018-07-16T07:28:24"},
    )
    _, articles = read_story([folder])
    assert {a.id: a.seen for a in articles} == {"one": "2018-07-16T07:28:24-04:00", "two": None}
    # Files named one by one from that folder are read as its story would read them.
    _, named = read_story([folder / "two.txt", folder / "one.txt"])
    assert [(a.id, a.outlet, a.seen) for a in named] == [
        ("two", "b.com", None),
        ("one", "a.com", "2018-07-16T07:28:24-04:00"),
    ]
    # Files from different folders get nothing from either listing.
    other = tmp_path / "other"
    other.mkdir()
    (other / "three.txt").write_text(f"Third version\n{THIRD}")
    _, mixed = read_story([folder / "one.txt", other / "three.txt"])
    assert [(a.outlet, a.seen) for a in mixed] == [(None, None), (None, None)]


@pytest.mark.parametrize(
    ("entries", "reason"),
    [
        (("not json",), "line 1 is not JSON"),
        (({"file": "one.txt"}, ["a list"]), 'line 2 has no "file" name'),
    ],
)
def test_a_versions_jsonl_that_is_no_listing_is_skipped_with_a_note(tmp_path, entries, reason):
    folder = write_story(tmp_path, '[[versions]]\nfile = "two.txt"\n')
    _listing(folder, *entries)
    notes: list[str] = []
    _, articles = read_story([folder], on_note=notes.append)
    assert [a.outlet for a in articles] == [None, None]
    assert notes == [f"{folder}: skipped versions.jsonl: {reason}"]


def test_a_versions_jsonl_linked_from_outside_the_folder_is_not_read(tmp_path):
    folder = write_story(tmp_path, '[[versions]]\nfile = "two.txt"\n')
    outside = tmp_path / "outside.jsonl"
    outside.write_text(json.dumps({"file": "one.txt", "publisher": "x.com"}) + "\n")
    (folder / "versions.jsonl").symlink_to(outside)
    notes: list[str] = []
    _, articles = read_story([folder], on_note=notes.append)
    assert [a.outlet for a in articles] == [None, None]
    assert len(notes) == 1 and "lies outside" in notes[0]
    notes.clear()  # nor beside files named one by one
    _, named = read_story([folder / "one.txt", folder / "two.txt"], on_note=notes.append)
    assert [a.outlet for a in named] == [None, None]
    assert len(notes) == 1 and "lies outside" in notes[0]
    assert notes[0].startswith(f"{folder}: skipped versions.jsonl")  # named by its folder


# --- the reader registry ----------------------------------------------------------------------


def test_every_suffix_a_reader_declares_makes_a_folder_file_a_version(tmp_path):
    from compare.ingest.registry import READERS, VERSION_SUFFIXES

    declared = {suffix for reader in READERS for suffix in reader.suffixes}
    assert declared == VERSION_SUFFIXES
    assert {".mdown", ".mkd", ".xhtml", ".text"} <= VERSION_SUFFIXES
    folder = tmp_path / "story"
    folder.mkdir()
    (folder / "a.mkd").write_text(f"# First\n\n{LEAD}\n")
    (folder / "b.mdown").write_text(f"# Second\n\n{SECOND}\n")
    (folder / "c.text").write_text(f"The third version of it\n{THIRD}")
    (folder / "d.jsonl").write_text("{}\n")
    notes: list[str] = []
    _, articles = read_story([folder], on_note=notes.append)
    assert [a.id for a in articles] == ["a", "b", "c"]
    assert [a.headline for a in articles] == ["First", "Second", "The third version of it"]
    assert notes == [f"{folder}: skipped d.jsonl: not an article page (.txt, .md or .html)"]


@pytest.mark.parametrize(
    ("name", "text", "reader"),
    [
        ("a.txt", f"Headline of the page\n{LEAD}\n{SECOND}", "text"),
        ("a.html", f"<html><body><p>{LEAD}</p><p>{SECOND}</p></body></html>", "html"),
        ("a.md", f"---\nurl: https://example.com/a\nphase: late\n---\n\n{LEAD}\n", "markdown"),
    ],
)
def test_each_reader_returns_one_parsed_version(name, text, reader):
    from compare.ingest.parsed import ParsedVersion
    from compare.ingest.registry import reader_for

    chosen = reader_for(name, text)
    assert chosen.name == reader == ingest.detect_format(name, text)
    parsed = chosen.parse(text, name)
    assert isinstance(parsed, ParsedVersion)
    assert LEAD in parsed.text
    if reader == "markdown":
        assert (parsed.url, parsed.phase) == ("https://example.com/a", "late")


def test_a_reader_loads_its_libraries_only_when_it_runs(tmp_path):
    (tmp_path / "a.html").write_text(f"<html><body><p>{LEAD}</p><p>{SECOND}</p></body></html>")
    probe = (
        "import json, sys\n"
        "from compare.ingest import read_story, read_version\n"
        f"read_story([{str(SAMPLE)!r}])\n"
        "libraries = ('lxml', 'trafilatura', 'markdown_it', 'yaml', 'http.client')\n"
        "text_only = [m for m in libraries if m in sys.modules]\n"
        f"read_version({str(tmp_path / 'a.html')!r})\n"
        "print(json.dumps([text_only, 'lxml' in sys.modules, 'markdown_it' in sys.modules]))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True,
        cwd=Path(__file__).resolve().parent.parent,
    )  # fmt: skip
    assert json.loads(done.stdout) == [[], True, False]


# --- one crosshead rule -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "following", "kept"),
    [
        ("- 'Arsenal for autocracy' -", None, True),  # dash-wrapped
        ("WHAT TRUMP WANTS", "Trump wants a deal with Putin, officials said.", True),  # capitals
        ("What Trump wants", "What Trump wants from the summit is a deal.", True),  # echoed
        ("De Blasio Interview", "The council voted on Tuesday.", False),  # a link elsewhere
        ("9:20 a.m.", "President Donald Trump says the relationship is worse.", True),  # entry
        ("WHAT TRUMP WANTS FROM THE SUMMIT IN HELSINKI WITH PUTIN", None, False),  # too long
    ],
)
def test_ingest_keeps_only_crossheads_segment_shows_as_headings(tmp_path, line, following, kept):
    from compare.crosshead import is_crosshead, is_story_crosshead
    from compare.segment import segment

    assert is_story_crosshead(line, following) is kept
    assert not kept or is_crosshead(line)  # what ingest keeps, segment never aligns
    rest = following or SECOND
    article = page(f"Headline of the page here\n{LEAD}\n{line}\n{rest}\n{THIRD}", tmp_path)
    assert (line in paragraphs(article)) is kept
    headings = [h.text for h in segment(article).headings]
    assert headings == ([line] if kept else [])


def test_a_short_lead_paragraph_ending_in_a_quote_is_story_not_a_header_line(tmp_path):
    # 29 words, a capital first and '."' last: a headline's size, but it ends a sentence.
    lead = (
        "The mayor seems of two minds on the harbour plan. She praises its jobs but also "
        'has called it "a risk we cannot price, a bet on the weather."'
    )
    page = tmp_path / "page.txt"
    page.write_text(
        "Harbour plan divides the city council\n\nBy JANE DOE Associated Press\n\n"
        f"PORTLAND\n\n{lead}\n\n"
        "The council votes on the plan next week after two years of hearings and studies.\n\n"
        "Opponents say the sea wall would cost more than the city has budgeted for it.\n",
        encoding="utf-8",
    )
    article = read_version(page)
    assert article.text.startswith("The mayor seems of two minds")


def test_comment_widget_above_the_headline_is_furniture(tmp_path):
    # USA Today network pages open with the comment widget's lines, the headline after them.
    widget = [
        "A link has been posted to your Facebook feed.",
        "Join the Nation's Conversation",
        "To find out more about Facebook commenting please read the Conversation Guidelines",
    ]
    article = page("\n".join([*widget, "Bridge reopens after repairs", LEAD, SECOND]), tmp_path)
    assert article.headline == "Bridge reopens after repairs"
    assert paragraphs(article) == [LEAD, SECOND]
    assert {reasons(article)[line] for line in widget} == {"social"}


def test_story_lines_next_to_a_promo_box_are_kept(tmp_path):
    # Seattle Times: a short story sentence right under a widget heading and a promo; and a
    # paragraph naming the US next to a newsletter box ("US" is the country, not "us").
    smirk = "Trump did not respond; Putin appeared to smirk."
    us = (
        "The disconnect is so profound that US officials seem to pursue one Russia policy "
        "while the president pursues another."
    )
    article = page(
        "\n".join(
            [
                LEAD,
                "Unlimited Digital Access. $1 for 4 weeks.",
                smirk,
                SECOND,
                "Get Today's Headlines in your inbox:",
                "The day's top stories delivered every morning.",
                us,
                "Sign up for email alerts",
                "Invalid email address. Please re-enter.",
                "Be the first to know.",
                THIRD,
            ]
        ),
        tmp_path,
    )
    assert paragraphs(article) == [LEAD, smirk, SECOND, us, THIRD]


def test_video_labels_and_reader_polls_are_widgets(tmp_path):
    lines = ["WATCH:", "JUST WATCHED", "% of readers think this story is Fact. Add your two cents."]
    # Each label has story text on one side (a title between two widget lines is the video's).
    article = page("\n".join([LEAD, lines[0], SECOND, THIRD, lines[1], lines[2], FOURTH]), tmp_path)
    assert paragraphs(article) == [LEAD, SECOND, THIRD, FOURTH]
    assert {reasons(article)[line] for line in lines} == {"widget"}
    # A sentence about watching is not a label.
    watch = "Officials will watch: the count is due on Friday."
    assert paragraphs(page("\n".join([LEAD, watch]), tmp_path)) == [LEAD, watch]


def test_a_video_title_under_its_players_label_is_no_headline(tmp_path):
    # CNN's video module at the top of a page that lost its headline: the label, then the
    # clip's title ending in its running time.  Neither is the story's headline.
    title = "Remnick: Putin wants to 'throw US off balance' 08:28"
    article = page("\n\n".join(["MUST WATCH", title, LEAD, SECOND, THIRD]), tmp_path)
    assert article.headline is None
    assert paragraphs(article) == [LEAD, SECOND, THIRD]
    assert reasons(article)["MUST WATCH"] == reasons(article)[title] == "widget"
    # A title that says it is a video needs no label above it.
    watch = "Watch the harbour board vote on the strike 04:45"
    assert page("\n\n".join([watch, LEAD, SECOND]), tmp_path).headline is None
    # A headline that ends in a time, under no player's label, is still the headline.
    headline = "Harbour board to vote at 10:30"
    assert page("\n\n".join([headline, LEAD, SECOND]), tmp_path).headline == headline


def test_a_section_label_over_the_headline_is_not_the_headline(tmp_path):
    # A title-like line that shares next to nothing with the story (a section label, another
    # story's title) gives way to the first one below it that is about the story.
    headline = "Council closes the old bridge after inspectors find cracks"
    article = page("\n\n".join(["Ports and Shipping News", headline, LEAD, SECOND]), tmp_path)
    assert article.headline == headline
    # The first title is kept when none below it is about the story either.
    label = "Ports and Shipping News"
    other = "Weather turns cold across the north"
    assert page("\n\n".join([label, other, LEAD, SECOND]), tmp_path).headline == label


def test_a_share_prompt_with_a_colon_is_social_furniture(tmp_path):
    article = page("\n\n".join([LEAD, SECOND, THIRD, "Share this:"]), tmp_path)
    assert paragraphs(article) == [LEAD, SECOND, THIRD]
    assert reasons(article)["Share this:"] == "social"


def test_a_caption_with_a_labelled_credit_is_furniture(tmp_path):
    caption = "Dock workers gather at the port gates on Monday morning. Photo: AP"
    article = page("\n\n".join([LEAD, caption, SECOND, THIRD]), tmp_path)
    assert paragraphs(article) == [LEAD, SECOND, THIRD]
    assert reasons(article)[caption] == "caption"


def test_cnns_messenger_promo_is_social_furniture(tmp_path):
    promo = (
        "Chat with us in Facebook Messenger. Find out what's happening in the world as it unfolds."
    )
    article = page(f"{promo}\n\n{LEAD}\n\n{SECOND}\n\n{THIRD}", tmp_path)
    assert paragraphs(article) == [LEAD, SECOND, THIRD]
    assert reasons(article)[promo] == "social"


def test_a_headline_under_a_log_in_notice_is_the_headline(tmp_path):
    # Newsday's pages: a push prompt and a log-in notice (promos) over the section and the
    # headline, which is in the story's own words and so no part of the promo box.
    headline = "Harbour strike halts exports at Valmora"
    top = [
        "Get breaking news alerts from Newsday",
        "Turn on notifications?   Please enable notifications or using normal browsing mode.",
        "Uh-Oh!",
        "We can’t find a newsday subscription associated with this login information.",
        "News Nation",
        headline,
    ]
    lead = (
        "Dock workers at the port of Valmora walked off the job on Monday, halting exports "
        "of fruit and flowers as the harbour strike entered its first day."
    )
    article = page("\n\n".join([*top, lead, SECOND, THIRD]), tmp_path)
    assert article.headline == headline
    assert paragraphs(article) == [lead, SECOND, THIRD]


def test_a_weather_and_log_in_widget_is_no_headline(tmp_path):
    # Advance Local's pages (syracuse.com, nj.com) open with a weather box and a log-in box.
    widgets = [
        "Enter City and State or Zip Code",
        "Your weather is set to . You can change the location at any time.",
        "AccuWeather.com Quick Look",
        "You are signed in as",
    ]
    headline = "Old bridge closes for repairs"
    article = page("\n\n".join([*widgets, headline, LEAD, SECOND, THIRD]), tmp_path)
    assert article.headline == headline
    assert reasons(article)[widgets[0]] == reasons(article)[widgets[2]] == "weather"
    assert reasons(article)[widgets[3]] == "widget"
