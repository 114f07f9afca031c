print("netvet")
