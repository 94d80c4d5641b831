"""Custom formulas: the grammar, exact gradients, and hostile input refused without running anything."""

import builtins
import math

import numpy as np
import pytest
import sympy
import torch
from torch_oracle import torch_function

from core.surfaces import surface_from_formula
from core.surfaces.formula import MAX_LENGTH, FormulaError, parse_formula


@pytest.mark.parametrize("text", [
    "x^2 + 10*y^2", "x**2 - y**2", "-x^2 + (y - 1)^3", "exp(-(x^2 + y^2)) * sin(3*x)", "log(1 + x^2) + sqrt(1 + y^2)",
    "tanh(x) * cos(y) + tan(0.3*x)", "abs(x) + abs(y - 1)", "pi*x^2 + e*y^2", "2^x + y", "x/(1 + y^2)",
    "(1 - x)^2 + 100*(y - x^2)^2", "+x - -y", "3e-2*x^4",
])
def test_accepted_formulas_have_exact_gradients(text):
    surface = surface_from_formula(text)
    rng = np.random.default_rng(0)
    x, y = rng.uniform(-1.5, 1.5, 25), rng.uniform(-1.5, 1.5, 25)
    f, gx, gy = surface.value_and_gradient(x, y)
    fn = torch_function(text)
    for i in range(x.size):
        theta = torch.tensor([x[i], y[i]], dtype=torch.float64, requires_grad=True)
        value = fn(theta)
        value.backward()
        np.testing.assert_allclose([f[i], gx[i], gy[i]], [value.item(), *theta.grad.tolist()],
                                   rtol=1e-12, atol=1e-12, err_msg=text)


def test_caret_is_a_power_with_maths_precedence():
    assert parse_formula("x^2 + 1") == parse_formula("x**2 + 1")
    assert parse_formula("-x^2") == -parse_formula("x^2")


@pytest.mark.parametrize("text, fragment, position", [
    ("__import__('os').system('touch PWNED')", "attribute access", 0),
    ("x.__class__", "attribute access", 0),
    ("open('f')", "unknown function 'open'", 0),
    ("x + os", "unknown name 'os'", 4),
    ("x + 'a'", "str literal", 4),
    ("lambda: x", "a lambda", 0),
    ("[x for x in y]", "a comprehension", 0),
    ("x[0]", "indexing", 0),
    ("x if y else 1", "a conditional", 0),
    ("x < y", "a comparison", 0),
    ("x and y", "a boolean operator", 0),
    ("sin(x, y)", "exactly one argument", 0),
    ("sin(x=1)", "exactly one argument", 0),
    ("x // 2", "not allowed", 0),
    ("x % 2", "not allowed", 0),
    ("1j*x", "complex literal", 0),
    ("True + x", "bool literal", 0),
    ("exp", "is a function", 0),
    ("9**9**9**9", "overflows", 3),
    ("1/0 + x", "divides by zero", 0),
    ("x/0", "undefined everywhere", None),
    ("1e999*x", "too large", 0),
    ("x +* y", "cannot be read", None),
    ("", "is empty", None),
    ("(" * 60 + "x" + ")" * 60, "nested too deeply", 40),
    ("x" + "+x" * MAX_LENGTH, "too long", MAX_LENGTH),
    ("-" * 100 + "x", "nested too deeply", None),
    ("x; import os", "cannot be read", None),
])
def test_hostile_or_invalid_formulas_are_refused_with_what_and_where(text, fragment, position):
    with pytest.raises(FormulaError) as caught:
        surface_from_formula(text)
    assert fragment in str(caught.value)
    if position is not None:
        assert caught.value.position == position
        assert f"character {position + 1}" in str(caught.value)


def test_nothing_a_hostile_formula_names_is_run(tmp_path, monkeypatch):
    """eval, exec, compile-to-code, sympify and __import__ are never reached while parsing."""
    calls = []
    original_import = builtins.__import__

    def spy(name):
        def refuse(*args, **kwargs):
            calls.append(name)
            raise AssertionError(f"{name} was called")
        return refuse

    monkeypatch.setattr(builtins, "eval", spy("eval"))
    monkeypatch.setattr(builtins, "exec", spy("exec"))
    monkeypatch.setattr(sympy, "sympify", spy("sympify"))
    monkeypatch.setattr(builtins, "__import__", lambda name, *a, **k: (
        calls.append(name) if name in ("os", "subprocess", "shutil") else None) or original_import(name, *a, **k))
    target = tmp_path / "PWNED"
    for text in [f"__import__('os').system('touch {target}')", f"open('{target}', 'w')",
                 "(lambda: __import__('os'))()", "x.__class__.__base__.__subclasses__()"]:
        with pytest.raises(FormulaError):
            parse_formula(text)
    surface_from_formula("sin(x) + y^2")  # a good formula still works with the spies in place
    assert not target.exists()
    assert calls == []


def test_undefined_points_are_nan_not_errors():
    surface = surface_from_formula("log(x) + sqrt(y)")
    f, gx, gy = surface.value_and_gradient(np.array([-1.0, 1.0]), np.array([1.0, -1.0]))
    assert math.isnan(f[0]) and math.isnan(f[1])


# --- issue 16: bombs, giant literals, long flat sums, deep nesting, complex gradients -------------------

@pytest.fixture
def hang_guard():
    """A bomb that regresses must fail the test, not hang the run (not a timing assertion: 30 s)."""
    import signal

    def fail(*_):
        raise AssertionError("the formula did not return within 30 s")

    previous = signal.signal(signal.SIGALRM, fail)
    signal.alarm(30)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


def _nest(template: str, times: int, inner: str = "x") -> str:
    text = inner
    for _ in range(times):
        text = template.replace("@", text)
    return text


@pytest.mark.parametrize("text, fragment", [
    ("(1/2)^(10^15)*x^2", "underflows"),              # the bomb: exact (1/2)**(10**15)
    ("2^(10^15)*x", "overflows"),
    ("(2*x)^(10^15)", "too large for a float"),         # SymPy would distribute 2**(10**15) exactly
    (_nest("(@)^60", 6, "3*x"), "too large for a float"),
    ("(-8)^(1/3)*x", "undefined"),
    ("1" + "0" * 400 + "*x", "too large"),              # 1e400 written out: was an OverflowError
    ("x + " + "9" * 4500, "too long"),
    ("^".join(["x"] * 40), "nests too many functions and powers"),   # the 40-level power tower
    (_nest("abs(@)", 34), "nests too many functions and powers"),    # 34 nested abs()
    (_nest("sin(x + @)", 20), "nests too many functions and powers"),
    ("*".join(f"(x + {i}*y)" for i in range(80)), "too large to differentiate"),
    ("+".join(f"(x - {i})^2*(y + {i})^2" for i in range(40)), "too large to differentiate"),
    ("(" * 45 + "x" + ")" * 45, "nested too deeply"),
    (_nest("(x - @)*y", 45), "nested too deeply"),
])
def test_bombs_are_refused_with_a_reason(text, fragment, hang_guard):
    with pytest.raises(FormulaError) as caught:
        surface_from_formula(text)
    message = str(caught.value)
    assert fragment in message and "\n" not in message and len(message) < 300


def test_a_5000_digit_literal_gets_one_clear_line(hang_guard):
    with pytest.raises(FormulaError) as caught:
        parse_formula("x + " + "7" * 5000)
    assert "int_max_str_digits" not in str(caught.value) and "sys." not in str(caught.value)


@pytest.mark.parametrize("text", [
    "+".join(["x"] * 200) + " + y^2",                                  # 200 terms, not nested
    "+".join(f"{i % 9 + 1}*x^{i % 4}*y" for i in range(120)),
    "-".join(f"{i}*y" for i in range(1, 150)) + " + x^2",
    "*".join(["(1 + 0.001*x)"] * 30) + " + y^2",
])
def test_long_flat_sums_and_products_are_accepted_with_exact_gradients(text, hang_guard):
    surface = surface_from_formula(text)
    fn = torch_function(text)
    for x, y in [(0.3, -0.7), (1.1, 0.4)]:
        f, gx, gy = surface.value_and_gradient(np.array([x]), np.array([y]))
        theta = torch.tensor([x, y], dtype=torch.float64, requires_grad=True)
        value = fn(theta)
        value.backward()
        np.testing.assert_allclose([f[0], gx[0], gy[0]], [value.item(), *theta.grad.tolist()], rtol=1e-10)


@pytest.mark.parametrize("text", ["x^100 + y^2", "(x/2)^70 + y^2", "x^(10^15) + y^2", "(1/3)^40*x^2 + y^2"])
def test_large_exponents_stay_bounded_and_correct(text, hang_guard):
    surface = surface_from_formula(text)
    fn = torch_function(text)
    theta = torch.tensor([0.9, 0.5], dtype=torch.float64, requires_grad=True)
    value = fn(theta)
    value.backward()
    f, gx, gy = surface.value_and_gradient(np.array([0.9]), np.array([0.5]))
    np.testing.assert_allclose([f[0], gx[0], gy[0]], [value.item(), *theta.grad.tolist()], rtol=1e-10)


@pytest.mark.parametrize("text, part", [("abs(sqrt(x))", "abs(sqrt(x))"), ("abs(x^y) + y^2", "abs(x^y)")])
def test_complex_gradients_are_refused_in_the_users_words(text, part):
    with pytest.raises(FormulaError) as caught:
        surface_from_formula(text)
    message = str(caught.value)
    assert part in message and "complex numbers" in message
    for word in ("atan2", "arg(", "re(", "im(", "ImaginaryUnit", "**"):
        assert word not in message
