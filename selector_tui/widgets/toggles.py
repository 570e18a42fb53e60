"""A radio button and a checkbox that show their state by symbol as well as by colour.

Textual draws both states with the same character in two colours, which a colour-blind reader,
a monochrome terminal or a printed screenshot cannot tell apart: here a chosen radio button is
``●`` and the others ``○``; a ticked checkbox is ``[X]`` and an unticked one ``[ ]``.
"""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Checkbox, RadioButton


class SymbolRadioButton(RadioButton):
    ON = "●"
    OFF = "○"

    @property
    def _button(self) -> Content:
        self.BUTTON_INNER = self.ON if self.value else self.OFF
        return super()._button


class SymbolCheckbox(Checkbox):
    BUTTON_LEFT = "["
    BUTTON_RIGHT = "]"
    ON = "X"
    OFF = " "

    @property
    def _button(self) -> Content:
        self.BUTTON_INNER = self.ON if self.value else self.OFF
        return super()._button
