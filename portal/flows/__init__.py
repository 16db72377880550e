"""The generic flow blueprint: question pages, check your answers, the outcome."""
