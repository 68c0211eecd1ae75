"""What the AWS sources share: the GPU families tracked, and GPUs per instance size.

AWS's pricing feeds name the instance type but not (all of) its GPUs; these tables come from
AWS's instance-type pages (accelerated computing). The leading underscore keeps this module out
of the source registry.
"""

FAMILY_GPU = {"p4d": "A100", "p4de": "A100-80GB", "p5": "H100", "p5e": "H200", "p5en": "H200",
              "p6-b200": "B200", "g5": "A10G", "g6": "L4", "g6e": "L40S"}
_G_SIZES = {"xlarge": 1, "2xlarge": 1, "4xlarge": 1, "8xlarge": 1, "16xlarge": 1,
            "12xlarge": 4, "24xlarge": 4, "48xlarge": 8}
GPU_COUNTS = {"p4d.24xlarge": 8, "p4de.24xlarge": 8, "p5.4xlarge": 1, "p5.48xlarge": 8,
              "p5e.48xlarge": 8, "p5en.48xlarge": 8, "p6-b200.48xlarge": 8,
              **{f"{family}.{size}": n for family in ("g5", "g6", "g6e") for size, n in _G_SIZES.items()}}
