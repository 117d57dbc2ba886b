"""Django's own interface strings that skillsnet shows (sign-in, password forms, validation messages),
listed so that makemessages puts them in skillsnet's catalogues: Django ships no Lao catalogue, and a
translation in skillsnet's catalogue (LOCALE_PATHS) is used for them in every language."""
from django.utils.translation import gettext_noop, ngettext_lazy

DJANGO_STRINGS = [
    # django.contrib.auth forms
    gettext_noop("Username"),
    gettext_noop("Password"),
    gettext_noop("Email"),
    gettext_noop("Old password"),
    gettext_noop("New password"),
    gettext_noop("New password confirmation"),
    gettext_noop("Password confirmation"),
    gettext_noop("Please enter a correct %(username)s and password. Note that both fields may be case-sensitive."),
    gettext_noop("This account is inactive."),
    gettext_noop("The two password fields didn’t match."),
    gettext_noop("Your old password was entered incorrectly. Please enter it again."),
    gettext_noop("Enter the same password as before, for verification."),
    # django.contrib.auth password validators
    gettext_noop("This password is too common."),
    gettext_noop("This password is entirely numeric."),
    gettext_noop("The password is too similar to the %(verbose_name)s."),
    gettext_noop("Your password can’t be too similar to your other personal information."),
    gettext_noop("Your password can’t be a commonly used password."),
    gettext_noop("Your password can’t be entirely numeric."),
    # django.forms and django.core.validators
    gettext_noop("This field is required."),
    gettext_noop("Enter a valid value."),
    gettext_noop("Enter a valid email address."),
    gettext_noop("Enter a valid URL."),
    gettext_noop("Enter a whole number."),
    gettext_noop("Enter a number."),
    gettext_noop("Enter a valid date."),
    gettext_noop("Enter a valid time."),
    gettext_noop("Enter a valid date/time."),
    gettext_noop("Select a valid choice. %(value)s is not one of the available choices."),
    gettext_noop("Select a valid choice. That choice is not one of the available choices."),
    gettext_noop("Ensure this value is less than or equal to %(limit_value)s."),
    gettext_noop("Ensure this value is greater than or equal to %(limit_value)s."),
    gettext_noop("The submitted file is empty."),
    gettext_noop("No file was submitted. Check the encoding type on the form."),
    gettext_noop("Upload a valid image. The file you uploaded was either not an image or a corrupted image."),
    gettext_noop("%(model_name)s with this %(field_label)s already exists."),
    gettext_noop("Unknown"),
    gettext_noop("Yes"),
    gettext_noop("No"),
]
DJANGO_PLURALS = [
    ngettext_lazy("This password is too short. It must contain at least %(min_length)d character.",
                  "This password is too short. It must contain at least %(min_length)d characters.", "min_length"),
    ngettext_lazy("Ensure this value has at most %(limit_value)d character (it has %(show_value)d).",
                  "Ensure this value has at most %(limit_value)d characters (it has %(show_value)d).", "limit_value"),
    ngettext_lazy("Ensure this value has at least %(limit_value)d character (it has %(show_value)d).",
                  "Ensure this value has at least %(limit_value)d characters (it has %(show_value)d).", "limit_value"),
]
