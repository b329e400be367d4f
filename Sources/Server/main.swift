print("cordon: not built yet")
