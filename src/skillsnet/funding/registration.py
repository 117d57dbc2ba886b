from skillsnet.core.registry import register

from .models import BudgetLine, Contribution, ExchangeRate, Transaction

register(Contribution, fields=["project", "funder", "agreement", "amount", "currency", "date", "note"],
         list_columns=["funder", "amount", "currency", "date", "agreement", "project"],
         select_related=("funder", "agreement", "project"), import_key=("project", "funder", "agreement", "amount"),
         menu="results")
register(BudgetLine, fields=["project", "output", "funder", "description", "amount", "currency", "period_start",
                             "period_end"],
         list_columns=["project", "output", "funder", "amount", "currency"],
         select_related=("project", "output", "funder"), menu="results")
register(Transaction, fields=["project", "type", "date", "amount", "currency", "provider", "receiver", "contribution",
                              "budget_line", "description"],
         list_columns=["type", "date", "amount", "currency", "provider", "project"],
         select_related=("project", "provider"), menu="results")
register(ExchangeRate, fields=["currency", "date", "rate_to_usd", "source"],
         list_columns=["currency", "date", "rate_to_usd"], import_key=("currency", "date"), menu="results")
