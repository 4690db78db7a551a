import Market
print("bench")
