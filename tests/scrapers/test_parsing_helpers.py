"""The small helpers every HTML parser shares (scrapers/parsing.py)."""

from bs4 import BeautifulSoup

from scrapers.parsing import node_text


def test_a_cells_text_is_its_words_one_space_apart_whatever_the_markup_and_line_breaks():
    cell = BeautifulSoup("<td>\n  <span>$2.49</span>\n  <small>/GPU&nbsp;hr</small>\t(on-demand) </td>", "lxml").td
    assert node_text(cell) == "$2.49 /GPU hr (on-demand)"


def test_an_empty_cell_has_no_text():
    assert node_text(BeautifulSoup("<div><p> </p></div>", "lxml").div) == ""
