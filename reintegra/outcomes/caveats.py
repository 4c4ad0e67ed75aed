"""The plain-language caveats that print with every outcome figure (the command, the cohort
page, and the analytical report through ``reintegra.outcomes.selectors.CAVEATS``)."""

from django.utils.translation import gettext_noop

# English in the JSON; the cohort page shows them translated (gettext_noop marks them).
CAVEATS = [
    gettext_noop("Small samples: a p-value says little with few pairs; read the effect size "
                 "and its interval."),
    gettext_noop("No control group: a change after the programme is not shown to be caused "
                 "by it."),
    gettext_noop("These figures make no causal claim."),
]
