"""Rule types: one module each; a rule in a pack names its type with ``type:``."""

from __future__ import annotations

from .base import Context, Rule
from .carried_forward import CarriedForward
from .categories_covered import CategoriesCovered
from .deadline_within import DeadlineWithin
from .heading_sequence import HeadingSequence
from .metadata_present import MetadataPresent
from .pattern_in_section import PatternInSection
from .ratio_below import RatioBelow
from .section_required import SectionRequired
from .stage_dates_agree import StageDatesAgree
from .stages import StagesDated
from .table_columns_filled import TableColumnsFilled

RULE_TYPES: dict[str, type[Rule]] = {
    cls.type_name: cls
    for cls in (
        SectionRequired, StagesDated, PatternInSection, TableColumnsFilled, CategoriesCovered,
        RatioBelow, HeadingSequence, MetadataPresent, DeadlineWithin, CarriedForward, StageDatesAgree,
    )
}

__all__ = ["RULE_TYPES", "Context", "Rule"]
