"""A page object for one self-check widget: answer like a visitor, read the result."""

from __future__ import annotations

import re

from playwright.sync_api import Locator, Page, expect

# Pyodide starts in a few seconds here; a slow, busy machine gets more room.
READY_TIMEOUT = 90_000


class Widget:
    """One `.screener` on a page, driven through its real controls."""

    def __init__(self, page: Page, screener: str):
        self.page = page
        self.screener = screener
        self.root = page.locator(f'.screener[data-screener="{screener}"]')
        self.status = self.root.locator("[data-status]")
        self.result = self.root.locator("[data-result]")
        # Crisis help above the result: shown by CSS for a safety answer, and by
        # the script for a safety flag the scorer raises.
        self.crisis = self.root.locator("[data-crisis]")
        self._tampered: list[tuple[Locator, str]] = []

    def wait_ready(self) -> None:
        expect(self.status).to_have_attribute("data-state", "ready", timeout=READY_TIMEOUT)

    def fieldset(self, question: str) -> Locator:
        return self.root.locator(f'[data-question="{question}"]')

    def answer(self, question: str, value: str) -> None:
        """Choose an answer the way a visitor would: click its label.

        A value the page does not offer is typed into a radio first, as a
        tampering visitor could; a question the page hides is answered as if
        it had been answered before it was hidden.
        """
        fieldset = self.fieldset(question)
        radio = fieldset.locator(f'input[type="radio"][value="{value}"]')
        if radio.count() == 0:
            first = fieldset.locator('input[type="radio"]').first
            original = first.get_attribute("value")
            self._tampered.append((first, original))
            first.evaluate(
                """(radio, value) => { radio.value = value; radio.checked = true;
                   radio.dispatchEvent(new Event("change", {bubbles: true})); }""",
                value,
            )
        elif fieldset.is_visible():
            # `has` is matched inside each label, so it must not be rooted elsewhere.
            choice = self.page.locator(f'input[type="radio"][value="{value}"]')
            fieldset.locator("label").filter(has=choice).click()
        else:
            radio.dispatch_event("click")

    def inject(self, question: str, value: str) -> None:
        """Add an answer to a question the page does not have, as a tampering visitor could."""
        self.root.evaluate(
            """(root, [question, value]) => {
                 const fieldset = document.createElement("fieldset");
                 fieldset.dataset.question = question;
                 fieldset.dataset.injected = "";
                 const radio = document.createElement("input");
                 radio.type = "radio"; radio.name = "injected";
                 radio.value = value; radio.checked = true;
                 fieldset.append(radio);
                 root.querySelector(".screener-questions").append(fieldset);
               }""",
            [question, value],
        )

    def question_ids(self) -> list[str]:
        """Every question and variant of the self-check, in page order."""
        return self.root.locator("fieldset[data-question]").evaluate_all(
            "(all) => all.map((fieldset) => fieldset.dataset.question)"
        )

    def expect_shown(self, shown: set[str]) -> None:
        """Wait until the page shows exactly the follow-up questions in `shown`."""
        for question in self.root.locator("fieldset[data-conditional]").evaluate_all(
            "(all) => all.map((fieldset) => fieldset.dataset.question)"
        ):
            fieldset = self.root.locator(f'fieldset[data-question="{question}"]')
            if question in shown:
                expect(fieldset).to_be_visible()
            else:
                expect(fieldset).to_be_hidden()

    def expect_visible(self, question: str, visible: bool) -> None:
        fieldset = self.fieldset(question)
        if visible:
            expect(fieldset).to_be_visible()
        else:
            expect(fieldset).to_be_hidden()

    def see_result(self) -> None:
        self.root.get_by_role("button", name="See my result").click()
        expect(self.result).to_have_attribute(
            "data-state", re.compile("^(result|errors|failed)$"), timeout=READY_TIMEOUT
        )

    def start_over(self) -> None:
        self.root.get_by_role("button", name="Start over").click()
        for radio, value in self._tampered:
            radio.evaluate("(radio, value) => { radio.value = value; }", value)
        self._tampered.clear()
        self.root.locator("[data-injected]").evaluate_all("(all) => all.forEach((f) => f.remove())")
        expect(self.result).to_be_hidden()

    @property
    def state(self) -> str | None:
        return self.result.get_attribute("data-state")

    def scores(self) -> dict[str, int]:
        lines = self.result.locator("[data-score]")
        return {
            line.get_attribute("data-score"): int(line.get_attribute("data-value"))
            for line in lines.all()
        }

    def flags(self) -> set[str]:
        return set((self.result.get_attribute("data-flags") or "").split())

    def error_questions(self) -> list[str]:
        return self.result.locator("li[data-question]").evaluate_all(
            "(items) => items.map((item) => item.dataset.question)"
        )

    def checked(self) -> dict[str, str]:
        return self.root.locator('input[type="radio"]:checked').evaluate_all(
            """(radios) => Object.fromEntries(radios.map((r) =>
                 [r.closest("[data-question]").dataset.question, r.value]))"""
        )
