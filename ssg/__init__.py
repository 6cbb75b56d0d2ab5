"""ssg: the static site generator of the Handbuch Soziale Stadt NRW."""
