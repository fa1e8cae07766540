"""SQL for the plan's data: ranks and plan-wide settings (admins edit them)."""
from __future__ import annotations

from webapp.platform.db import query


def ranks() -> list[dict]:
    return query("select * from api.plan_ranks()")


def save_rank(values: dict) -> str:
    return query(
        "select api.rank_save(p_id => %(id)s, p_name => %(name)s, p_level => %(level)s,"
        " p_min_personal_pv => %(min_personal_pv)s, p_min_group_pv => %(min_group_pv)s,"
        " p_min_legs => %(min_legs)s, p_min_leg_volume => %(min_leg_volume)s,"
        " p_max_leg_share => %(max_leg_share)s, p_commission_rate => %(commission_rate)s,"
        " p_unilevel_depth => %(unilevel_depth)s, p_matching_rates => %(matching_rates)s,"
        " p_rank_bonus => %(rank_bonus)s, p_car_bonus => %(car_bonus)s, p_is_active => %(is_active)s) as id",
        values)[0]["id"]


def settings() -> list[dict]:
    return query("select * from api.plan_settings_list()")


def save_setting(key: str, value: str) -> None:
    query("select api.plan_setting_save(p_key => %(key)s, p_value => %(value)s)", {"key": key, "value": value})
