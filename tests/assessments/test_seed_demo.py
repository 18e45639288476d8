import pytest
from django.core.management import CommandError, call_command

from assessments.models import CheckIn
from boundaries.models import User
from boundaries.selectors import current_couple, partner_in

pytestmark = pytest.mark.django_db


def test_creates_a_linked_couple_and_can_run_again(settings, capsys):
    settings.DEBUG = True
    call_command("seed_demo")
    call_command("seed_demo")
    alex = User.objects.get(email="alex@demo.example")
    assert partner_in(current_couple(alex), alex).email == "blair@demo.example"
    assert alex.check_password("common-ground-demo")
    assert "alex@demo.example" in capsys.readouterr().out
    checkin = CheckIn.objects.get(couple=current_couple(alex))
    assert checkin.completed_at is not None
    assert checkin.answers.count() == 2 * checkin.items.count()
    from boundaries.selectors import active_links

    therapist = User.objects.get(email="dr.rivera@demo.example")
    assert active_links(therapist).filter(couple=current_couple(alex)).exists()


def test_refuses_when_debug_is_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError):
        call_command("seed_demo")
    assert not User.objects.exists()


def test_prints_the_address_it_was_given_and_the_logins_last(settings, capsys):
    settings.DEBUG = True
    call_command("seed_demo", url="http://127.0.0.1:8123")
    lines = capsys.readouterr().out.strip().splitlines()
    assert any("http://127.0.0.1:8123/" in line for line in lines)
    assert "seed_demo --totp" in lines[-1]
